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
                              boolean createdByAdmin, PreviousSecret previous) {

    /**
     * The previous secret of a regenerate with an overlap: its hash, the key it was hashed with, the generation of its
     * tokens and until when (epoch millis, exclusive) it and they work.
     */
    public record PreviousSecret(String secretHash, String hashKeyId, int generation, long until) {

        static PreviousSecret of(AppCredentialModel m) {
            return m.getPreviousSecretHash() == null || m.getPreviousHashKeyId() == null || m.getPreviousGeneration() == null
                    || m.getPreviousSecretUntil() == null ? null
                    : new PreviousSecret(m.getPreviousSecretHash(), m.getPreviousHashKeyId(), m.getPreviousGeneration(), m.getPreviousSecretUntil());
        }

        /** Never the hash: a log line that prints a lease must not carry what a stolen table would. */
        @Override
        public String toString() {
            return "PreviousSecret[generation=" + generation + ", until=" + until + "]";
        }
    }

    /** Never the secret's hash (nor the previous one's): only what identifies the credential and its state. */
    @Override
    public String toString() {
        return "AppCredentialLease[id=" + id + ", realmId=" + realmId + ", tokenGeneration=" + tokenGeneration
                + ", storedState=" + storedState + ", expiresAt=" + expiresAt + ", previous=" + previous + "]";
    }

    public static AppCredentialLease of(AppCredentialModel m) {
        return new AppCredentialLease(m.getId(), m.getRealmId(), m.getUserId(), m.getClientUuid(), Set.copyOf(m.getRoleIds()),
                Set.copyOf(m.getScopes()), m.getSecretHash(), m.getHashKeyId(), m.getTokenGeneration(),
                m.getStoredState(), m.getExpiresAt(), m.getMfa(), List.copyOf(m.getAccessRules()),
                List.copyOf(m.getAllowedCidrs()), m.isRequireDpop(), m.isCreatedByAdmin(), PreviousSecret.of(m));
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

    /** The previous secret when it still works at {@code nowMillis}, else null. */
    public PreviousSecret livePrevious(long nowMillis) {
        return previous != null && nowMillis < previous.until() ? previous : null;
    }

    /**
     * Whether a token of this generation is accepted (the credential's state aside): the current generation, or the
     * previous secret's while it still works.
     */
    public boolean acceptsGeneration(int generation, long nowMillis) {
        if (generation == tokenGeneration) {
            return true;
        }
        PreviousSecret live = livePrevious(nowMillis);
        return live != null && live.generation() == generation;
    }
}
