package io.appcredentials.keycloak.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.keycloak.Config;
import org.keycloak.models.RealmModel;

/**
 * Where mails send the owner to renew or revoke: the realm's account console, at a base URL that comes from the
 * server's configuration only, never from a request (whose {@code Host} and forwarded headers anybody can set): the
 * realm's Frontend URL (Realm settings, General), else Keycloak's {@code --hostname} when it is a full URL. Without
 * either (a development server, or a plain host name whose scheme and port only a request would tell), mails carry no
 * link and say in words where to go.
 */
public final class AccountLinks {

    /** The page of the extension's account theme. */
    static final String THEME = "app-credentials";
    static final String PAGE = "account-security/app-credentials";
    /** The realm attribute Keycloak keeps the realm's Frontend URL in. */
    static final String FRONTEND_URL = "frontendUrl";

    private AccountLinks() {
    }

    /** The configured frontend base URL for the realm, or null when the configuration names none. */
    static URI frontendBase(RealmModel realm) {
        URI realmUrl = absoluteHttpUrl(realm.getAttribute(FRONTEND_URL));
        if (realmUrl != null) {
            return realmUrl;
        }
        return absoluteHttpUrl(Config.scope("hostname", "v2").get("hostname"));
    }

    /** An absolute http(s) URL without user info, query or fragment, or null. */
    static URI absoluteHttpUrl(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value.strip());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            return uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The account console page of the realm where credentials are renewed, or null without a base URL. */
    static String accountUrl(URI base, RealmModel realm) {
        if (base == null) {
            return null;
        }
        String root = base.toString();
        root = (root.endsWith("/") ? root : root + "/") + "realms/" + encode(realm.getName()) + "/account/";
        return THEME.equals(realm.getAccountTheme()) ? root + PAGE : root;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
