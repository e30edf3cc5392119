package io.appcredentials.keycloak.boundary;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * Endpoints of a realm's admin REST API that refuse a token issued from an application credential whatever roles it
 * carries, because answering would take the token past the scope boundary (see
 * {@link AppCredentialTokenBoundary#notPastTheBoundary}). Everything else of the admin API follows the token's roles and
 * the credential's access rules.
 */
final class AdminApiExceptions {

    private AdminApiExceptions() {
    }

    /**
     * Why a credential token may not make this request, or null when nothing here refuses it. {@code path} is the
     * decoded request path ({@link Surface#decodedPath}: {@code /admin/realms/{realm}/…}, no trailing slash); a request
     * whose path or method is unknown is refused.
     */
    static String refusal(RealmModel realm, String method, String path) {
        if (realm == null || method == null || path == null) {
            return "A token issued from an application credential cannot make this request";
        }
        String[] s = path.split("/", -1);
        // s[0] is empty: "", "admin", "realms", "{realm}", then the realm's resources
        if (s.length < 5 || !"admin".equals(s[1]) || !"realms".equals(s[2])) {
            return null;
        }
        String resource = s[4];
        if (resource.equals("ui-ext")) {
            return "The admin console's own API (ui-ext) is not open to tokens issued from application credentials";
        }
        if (resource.equals("users") && s.length == 7 && s[6].equals("impersonation")) {
            return "A token issued from an application credential cannot impersonate a user";
        }
        if (resource.equals("clients") && s.length >= 8 && s[6].equals("evaluate-scopes") && s[7].startsWith("generate-example")) {
            return "A token issued from an application credential cannot generate tokens for users";
        }
        if (resource.equals("clients") && s.length == 6 && method.equals("DELETE")) {
            ClientModel client = realm.getClientById(s[5]);
            if (client != null && RealmPolicy.of(realm).allowedClients().contains(client.getClientId())) {
                return "A token issued from an application credential cannot delete an application that credentials are "
                        + "for (its credentials would go with it): client '" + client.getClientId() + "'";
            }
        }
        return null;
    }
}
