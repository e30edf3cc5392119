package io.appcredentials.keycloak.boundary;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.RealmModel;

/**
 * The Keycloak surface a request is on, as far as tokens issued from application credentials are concerned.
 * Recognised from the request path relative to Keycloak's base URI, in the realm the token was issued in; a path
 * that is not in plain form (an encoded slash, backslash or dot, a dot segment, a double slash, a matrix
 * parameter) is never recognised, so no spelling can make one surface look like another: it is {@link #OTHER}.
 */
public enum Surface {
    /** {@code /realms/{realm}/protocol/openid-connect/userinfo} */
    USERINFO,
    /** {@code /realms/{realm}/protocol/openid-connect/token/introspect} */
    INTROSPECTION,
    /** {@code /realms/{realm}/account/…}: Keycloak's account REST API */
    ACCOUNT_API,
    /** {@code /realms/{realm}/app-credentials/…}: this extension's user API */
    EXTENSION_API,
    /** {@code /admin/realms/{realm}/app-credentials/…}: this extension's admin API */
    EXTENSION_ADMIN_API,
    /** {@code /admin/realms/{realm}/…}: the rest of Keycloak's admin REST API for that realm */
    ADMIN_API,
    /** {@code /admin/realms/{realm}}: the realm's own representation (the token's realm only) */
    ADMIN_REALM,
    /** {@code /admin/realms}: the list of realms, which Keycloak filters by what the caller may see */
    ADMIN_REALMS,
    /** {@code /admin/serverinfo}: what the server runs (version, providers, themes), answered per the caller's rights */
    ADMIN_SERVER_INFO,
    /** Anything else: the token endpoint (token exchange, UMA), other realms, other extensions' resources, … */
    OTHER;

    /** The surface of the current request, or {@link #OTHER} when there is no request or realm. */
    public static Surface of(KeycloakSession session) {
        KeycloakContext context = session.getContext();
        RealmModel realm = context.getRealm();
        if (realm == null) {
            return OTHER;
        }
        try {
            KeycloakUriInfo uri = context.getUri();
            return uri == null ? OTHER : classify(relativeRawPath(uri), realm.getName());
        } catch (RuntimeException noRequest) {
            return OTHER;
        }
    }

    /**
     * The request path relative to Keycloak's base path ({@code --http-relative-path}), still percent-encoded as
     * the client sent it; null when the request is not under the base path.
     */
    private static String relativeRawPath(KeycloakUriInfo uri) {
        String request = uri.getRequestUri().getRawPath();
        String base = uri.getBaseUri().getRawPath();
        if (request == null || base == null) {
            return null;
        }
        if (!base.endsWith("/")) {
            base = base + "/";
        }
        return request.startsWith(base) ? request.substring(base.length()) : null;
    }

    /**
     * The request's path as the access rules see it: absolute ({@code /admin/realms/demo/users}), relative to
     * Keycloak's base path, each segment percent-decoded once; null when the path is not in plain form (such a
     * request is on no allowed surface anyway).
     */
    public static String decodedPath(KeycloakSession session) {
        try {
            KeycloakUriInfo uri = session.getContext().getUri();
            String raw = uri == null ? null : relativeRawPath(uri);
            if (raw == null) {
                return null;
            }
            String path = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
            if (!isPlain(path)) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            for (String segment : path.split("/", -1)) {
                String decoded = decode(segment);
                if (decoded == null || decoded.indexOf('/') >= 0) {
                    return null;
                }
                out.append('/').append(decoded);
            }
            return out.toString();
        } catch (RuntimeException noRequest) {
            return null;
        }
    }

    /** The HTTP method of the current request, upper case, or null outside a request. */
    public static String method(KeycloakSession session) {
        try {
            HttpRequest request = session.getContext().getHttpRequest();
            return request == null || request.getHttpMethod() == null ? null : request.getHttpMethod().toUpperCase(Locale.ROOT);
        } catch (RuntimeException noRequest) {
            return null;
        }
    }

    /** Whether the method only reads (GET, HEAD, OPTIONS). */
    public static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    /**
     * The surface of a raw (still percent-encoded) path relative to the base URI, for a token of {@code realmName}.
     */
    static Surface classify(String rawPath, String realmName) {
        if (rawPath == null || realmName == null) {
            return OTHER;
        }
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!isPlain(path)) {
            return OTHER;
        }
        String[] s = path.split("/", -1);
        if (s.length >= 2 && s[0].equals("realms") && realmName.equals(decode(s[1]))) {
            if (s.length == 5 && s[2].equals("protocol") && s[3].equals("openid-connect") && s[4].equals("userinfo")) {
                return USERINFO;
            }
            if (s.length == 6 && s[2].equals("protocol") && s[3].equals("openid-connect") && s[4].equals("token") && s[5].equals("introspect")) {
                return INTROSPECTION;
            }
            if (s.length >= 3 && s[2].equals("account")) {
                return ACCOUNT_API;
            }
            if (s.length >= 3 && s[2].equals("app-credentials")) {
                return EXTENSION_API;
            }
            return OTHER;
        }
        if (s.length >= 4 && s[0].equals("admin") && s[1].equals("realms") && realmName.equals(decode(s[2]))) {
            return s[3].equals("app-credentials") ? EXTENSION_ADMIN_API : ADMIN_API;
        }
        // the three admin paths outside a realm's resources that kcadm and Keycloak's Terraform provider read to sign in
        // and orient themselves, each named exactly
        if (s.length == 3 && s[0].equals("admin") && s[1].equals("realms") && realmName.equals(decode(s[2]))) {
            return ADMIN_REALM;
        }
        if (s.length == 2 && s[0].equals("admin") && s[1].equals("realms")) {
            return ADMIN_REALMS;
        }
        if (s.length == 2 && s[0].equals("admin") && s[1].equals("serverinfo")) {
            return ADMIN_SERVER_INFO;
        }
        return OTHER;
    }

    /** No encoded separators or dots, no dot segments, no empty segments, no matrix parameters, no control characters. */
    static boolean isPlain(String path) {
        if (path.isEmpty()) {
            return false;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.contains("%25") || lower.contains("%00")
                || path.indexOf(';') >= 0 || path.indexOf('\\') >= 0 || path.contains("//")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
