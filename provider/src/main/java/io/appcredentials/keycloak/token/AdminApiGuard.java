package io.appcredentials.keycloak.token;

import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/**
 * Keycloak's admin REST API authorizes a bearer token by the roles its <em>user</em> holds (within the scope of
 * the token's client), not by the roles written in the token. A credential token would then carry all of its
 * owner's admin powers, whatever the credential was granted. So a credential token is accepted by the admin
 * API only when it leaves nothing out: every admin role of the realm's {@code realm-management} client that
 * the owner holds must be in the token, and the realm must not use fine-grained admin permissions (which
 * grant powers no token shows). Anywhere else (account API, this extension, resource servers) the token's
 * own roles are what count, and it is accepted as usual.
 */
final class AdminApiGuard {

    private AdminApiGuard() {
    }

    static boolean allows(KeycloakSession session, AccessToken token) {
        String path = session.getContext().getUri().getPath();
        if (path == null || !(path.startsWith("/admin/") || path.startsWith("admin/"))) {
            return true;
        }
        RealmModel realm = session.getContext().getRealm();
        if (realm == null) {
            return false;
        }
        if (realm.isAdminPermissionsEnabled() || org.keycloak.Config.getAdminRealm().equals(realm.getName())) {
            return false;
        }
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (management == null) {
            return false;
        }
        UserModel owner = token.getSubject() == null ? null : session.users().getUserById(realm, token.getSubject());
        if (owner == null) {
            return false;
        }
        AccessToken.Access access = token.getResourceAccess(management.getClientId());
        Set<String> inToken = access == null || access.getRoles() == null ? Set.of() : access.getRoles();
        Set<String> held = management.getRolesStream().filter(owner::hasRole).map(RoleModel::getName).collect(Collectors.toSet());
        return inToken.containsAll(held);
    }
}
