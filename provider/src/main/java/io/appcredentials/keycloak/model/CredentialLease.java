package io.appcredentials.keycloak.model;

import java.util.Set;

/**
 * What the token path and the scope boundary need to know about a credential: an immutable snapshot, cached on
 * each node by the default {@link AppCredentialProvider} so that a tool login costs no database query. Usage and
 * descriptive fields are left out: they change without affecting any decision made from a lease.
 */
public record CredentialLease(String id, String realmId, String userId, String clientUuid, Set<String> roleIds,
                              Set<String> scopes, String secretHash, String hashKeyId, int tokenGeneration,
                              AppCredentialState storedState, long expiresAt, String mfa) {

    public static CredentialLease of(AppCredentialModel m) {
        return new CredentialLease(m.getId(), m.getRealmId(), m.getUserId(), m.getClientUuid(), Set.copyOf(m.getRoleIds()),
                Set.copyOf(m.getScopes()), m.getSecretHash(), m.getHashKeyId(), m.getTokenGeneration(),
                m.getStoredState(), m.getExpiresAt(), m.getMfa());
    }

    public AppCredentialState state(long nowMillis) {
        return AppCredentialState.at(storedState, expiresAt, nowMillis);
    }
}
