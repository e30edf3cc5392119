package io.appcredentials.keycloak.boundary;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.secret.HashKeyProviderFactory;

/**
 * Endpoints of a realm's admin REST API that refuse a token issued from an application credential whatever roles it
 * carries, because answering would take the token past the scope boundary (see
 * {@link AppCredentialTokenBoundary#notPastTheBoundary}), or would undo the credentials themselves (the applications they
 * are for, the key their secrets are hashed with) or the record of what was done. Everything else of the admin API
 * follows the token's roles and the credential's access rules: a credential granted administrator roles can do what an
 * administrator with those roles can do, and what it creates (users, clients, identity providers) outlives it.
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
        if (resource.equals("clients") && s.length >= 6 && !Surface.isRead(method)) {
            // any change: deleting, renaming or disabling it, a registration access token (which deletes it through
            // client registration), a new secret, mappers, scopes
            ClientModel client = realm.getClientById(s[5]);
            if (client != null && isCredentialsApplication(realm, client)) {
                return "A token issued from an application credential cannot change an application that credentials are "
                        + "for (deleting, renaming or disabling it would end them): client '" + client.getClientId() + "'";
            }
        }
        if (resource.equals("partialImport")) {
            return "A token issued from an application credential cannot import into the realm (an import overwrites "
                    + "what it names, the applications of credentials included)";
        }
        if (resource.equals("workflows") && !Surface.isRead(method)) {
            return "A token issued from an application credential cannot change the realm's workflows (they run later as "
                    + "the server, beyond the credential)";
        }
        if (resource.equals("components") && s.length >= 6 && !Surface.isRead(method)) {
            ComponentModel component = realm.getComponent(s[5]);
            if (component != null && HashKeyProviderFactory.PROVIDER_ID.equals(component.getProviderId())) {
                return "A token issued from an application credential cannot change the key that credential secrets are "
                        + "hashed with (a new key would end every credential)";
            }
        }
        if ((resource.equals("events") || resource.equals("admin-events")) && s.length == 5 && method.equals("DELETE")) {
            return "A token issued from an application credential cannot delete the realm's stored events";
        }
        return null;
    }

    /** The default application, and every application the realm's policy lets credentials be for. */
    private static boolean isCredentialsApplication(RealmModel realm, ClientModel client) {
        return DefaultApplication.CLIENT_ID.equals(client.getClientId())
                || RealmPolicy.of(realm).allowedClients().contains(client.getClientId());
    }
}
