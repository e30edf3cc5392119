package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keycloak's login pages driven over plain HTTP, as a browser submits them (cookies, form posts, redirects), for
 * what only the browser flow offers, such as a user setting up a new authenticator app through the
 * CONFIGURE_TOTP required action.
 */
public final class LoginPages {

    private final KeycloakServer server;
    private final String realm;
    private final String redirectUri;
    /**
     * Cookies by name, kept by hand: Keycloak marks its login cookies {@code Secure}, which a browser sends to
     * http://localhost but the JDK's cookie manager does not.
     */
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public LoginPages(KeycloakServer server, String realm) {
        this.server = server;
        this.realm = realm;
        this.redirectUri = server.realmUrl(realm) + "/account/";
    }

    /**
     * Signs in to the account console client with username and password; the user has the CONFIGURE_TOTP
     * required action, so Keycloak then asks for a new authenticator app, which this sets up. Returns the raw
     * OTP secret of the new authenticator (as Keycloak stores it; {@link Totp} computes codes from it).
     */
    public String signInAndSetUpTotp(String username, String password) {
        byte[] verifier = new byte[32];
        new SecureRandom().nextBytes(verifier);
        String codeVerifier = Base64.getUrlEncoder().withoutPadding().encodeToString(verifier);
        String authUrl = server.realmUrl(realm) + "/protocol/openid-connect/auth?" + Http.formBody(Map.of(
                "client_id", "account-console",
                "redirect_uri", redirectUri,
                "response_type", "code",
                "scope", "openid",
                "state", "s" + System.nanoTime(),
                "code_challenge", s256(codeVerifier),
                "code_challenge_method", "S256"));
        Http.Resp login = follow(get(authUrl));
        assertEquals(200, login.status(), describe(login));
        Http.Resp totpSetup = follow(post(formAction(login.body(), "kc-form-login"),
                Map.of("username", username, "password", password, "credentialId", "")));
        assertEquals(200, totpSetup.status(), describe(totpSetup));
        String secret = inputValue(totpSetup.body(), "totpSecret");
        Http.Resp done = follow(post(formAction(totpSetup.body(), "kc-totp-settings-form"),
                Map.of("totp", Totp.now(secret), "totpSecret", secret, "userLabel", "new phone")));
        String location = done.header("Location");
        assertTrue(location != null && location.startsWith(redirectUri) && location.contains("code="),
                "back at the application with a code: " + describe(done));
        return secret;
    }

    /** Follows redirects within Keycloak, stopping at the one back to the application. */
    private Http.Resp follow(Http.Resp response) {
        Http.Resp current = response;
        for (int hops = 0; hops < 10; hops++) {
            String location = current.header("Location");
            if (location == null || location.startsWith(redirectUri)) {
                break;
            }
            current = get(URI.create(server.baseUrl()).resolve(location).toString());
        }
        return current;
    }

    private Http.Resp get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private Http.Resp post(String url, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formBody(fields))));
    }

    private Http.Resp send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        Http.Resp r = Http.send(request.timeout(Duration.ofSeconds(60)));
        for (String setCookie : r.raw().headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
        return r;
    }

    private static String describe(Http.Resp r) {
        String location = r.header("Location");
        return r.status() + (location == null ? "" : " → " + location);
    }

    /** The action URL of the form with this id. */
    static String formAction(String html, String formId) {
        return attribute(html, "form", "id", formId, "action");
    }

    /** The value of the input with this name. */
    static String inputValue(String html, String name) {
        return attribute(html, "input", "name", name, "value");
    }

    /** An attribute of the first {@code <tag>} whose {@code key} attribute is {@code keyValue}. */
    private static String attribute(String html, String tag, String key, String keyValue, String attribute) {
        Matcher element = Pattern.compile("<" + tag + "[^>]*\\b" + key + "=\"" + Pattern.quote(keyValue) + "\"[^>]*>").matcher(html);
        assertTrue(element.find(), tag + " " + keyValue + " on the page");
        Matcher value = Pattern.compile("\\b" + attribute + "=\"([^\"]*)\"").matcher(element.group());
        assertTrue(value.find(), attribute + " of " + tag + " " + keyValue);
        return value.group(1).replace("&amp;", "&");
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
