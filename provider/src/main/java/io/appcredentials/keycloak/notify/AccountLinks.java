package io.appcredentials.keycloak.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.urls.UrlType;

/**
 * Where mails send the owner to renew: the realm's account console, on the server's frontend URL. Keycloak derives
 * that URL from the server's {@code --hostname} (when it is a full URL) or the realm's Frontend URL, and otherwise
 * from the request. Mails sent by the reminder job have no request: they use the frontend URL this node last saw in a
 * request of that realm (or of any realm) to the extension's API, and go without a link when there was none since
 * the node started, which happens only without a configured hostname (development mode).
 */
public final class AccountLinks {

    /** The page of the extension's account theme. */
    static final String THEME = "app-credentials";
    static final String PAGE = "account-security/app-credentials";

    private static final ConcurrentHashMap<String, URI> SEEN = new ConcurrentHashMap<>();
    private static volatile URI lastSeen;

    private AccountLinks() {
    }

    /** Remembers the frontend URL of the current request to a resource of {@code realm}. */
    public static void remember(KeycloakSession session, RealmModel realm) {
        try {
            URI base = session.getContext().getUri(UrlType.FRONTEND).getBaseUri();
            if (base != null && !base.equals(SEEN.get(realm.getId()))) {
                SEEN.put(realm.getId(), base);
            }
            lastSeen = base;
        } catch (RuntimeException noRequest) {
            // nothing to learn
        }
    }

    /** The server's frontend base URL for the realm in the session's context, or null when it cannot be known. */
    static URI frontendBase(KeycloakSession session, RealmModel realm) {
        try {
            URI base = session.getContext().getUri(UrlType.FRONTEND).getBaseUri();
            if (base != null) {
                return base;
            }
        } catch (RuntimeException noRequestAndNoHostname) {
            // ContextNotActiveException: answered from what this node has seen
        }
        URI seen = SEEN.get(realm.getId());
        return seen != null ? seen : lastSeen;
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
