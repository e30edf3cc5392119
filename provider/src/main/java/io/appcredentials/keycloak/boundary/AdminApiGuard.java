package io.appcredentials.keycloak.boundary;

import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.common.Profile;
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
 * owner's admin powers, whatever the credential was granted. So a credential token is accepted by the admin API
 * only when that makes no difference: every admin role of the realm's {@code realm-management} client that the
 * owner holds must be in the token. Never in the master realm (its admins administer every realm through roles of
 * other clients), and never where fine-grained admin permissions are on (v1 server-wide, v2 per realm), since
 * those grant powers that no token shows.
 */
final class AdminApiGuard {

    private AdminApiGuard() {
    }

    static boolean allows(KeycloakSession session, AccessToken token) {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || org.keycloak.Config.getAdminRealm().equals(realm.getName())) {
            return false;
        }
        if (realm.isAdminPermissionsEnabled() || Profile.isFeatureEnabled(Profile.Feature.ADMIN_FINE_GRAINED_AUTHZ)) {
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
