package io.appcredentials.keycloak.model;

import java.util.List;
import java.util.Set;

import io.appcredentials.keycloak.restriction.AccessRule;
import io.appcredentials.keycloak.restriction.Cidr;

/**
 * What the token path and the scope boundary need to know about a credential: an immutable snapshot, cached on
 * each node by the default {@link AppCredentialProvider} so that a tool login costs no database query. Usage and
 * descriptive fields are left out: they change without affecting any decision made from a lease.
 */
public record AppCredentialLease(String id, String realmId, String userId, String clientUuid, Set<String> roleIds,
                              Set<String> scopes, String secretHash, String hashKeyId, int tokenGeneration,
                              AppCredentialState storedState, long expiresAt, String mfa,
                              List<AccessRule> accessRules, List<Cidr> allowedCidrs, boolean requireDpop,
                              boolean createdByAdmin) {

    public static AppCredentialLease of(AppCredentialModel m) {
        return new AppCredentialLease(m.getId(), m.getRealmId(), m.getUserId(), m.getClientUuid(), Set.copyOf(m.getRoleIds()),
                Set.copyOf(m.getScopes()), m.getSecretHash(), m.getHashKeyId(), m.getTokenGeneration(),
                m.getStoredState(), m.getExpiresAt(), m.getMfa(), List.copyOf(m.getAccessRules()),
                List.copyOf(m.getAllowedCidrs()), m.isRequireDpop(), m.isCreatedByAdmin());
    }

    /** Whether a request from this address may use the credential (parsed networks: no lookup, no query). */
    public boolean allowsAddress(String address) {
        if (allowedCidrs.isEmpty()) {
            return true;
        }
        for (Cidr cidr : allowedCidrs) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public AppCredentialState state(long nowMillis) {
        return AppCredentialState.at(storedState, expiresAt, nowMillis);
    }
}
