package io.appcredentials.keycloak.token;

import java.security.Key;
import java.util.function.Function;

import io.appcredentials.keycloak.model.AppCredentialLease;
import io.appcredentials.keycloak.secret.SecretHasher;

/**
 * The secret check of a token request, with the previous secret of a rotation overlap. The current secret first (one
 * HMAC: the common case, also during an overlap); when it does not match and the credential has a previous secret
 * that still works, the previous one (a second HMAC). Every refusal computes exactly two HMACs, with a dummy key for
 * those the credential lacks, so that neither an unknown ID nor whether a credential is in an overlap can be told
 * from the time a wrong secret takes. Never more than two. No query: everything comes from the lease.
 */
final class SecretCheck {

    /** Which of the credential's secrets matched. */
    enum Slot {
        CURRENT("current"), PREVIOUS("previous");

        final String value;

        Slot(String value) {
            this.value = value;
        }
    }

    /** A keyed hash of a secret (HMAC-SHA256 in production; counted in tests). */
    interface Hmac {
        String hash(Key key, String secret);
    }

    static final Hmac HMAC = SecretHasher::hash;

    private SecretCheck() {
    }

    /**
     * Which slot the secret matches, or null.
     *
     * @param lease the credential, or null for an unknown ID (or a malformed secret)
     * @param keys the realm's hash key by key id (null when removed or disabled)
     * @param dummy the key used where there is none, so that every refusal costs the same
     */
    static Slot check(AppCredentialLease lease, String secret, long nowMillis, Function<String, Key> keys, Key dummy, Hmac hmac) {
        String sent = secret == null ? "" : secret;
        Key currentKey = lease == null ? null : keys.apply(lease.hashKeyId());
        String computed = hmac.hash(currentKey == null ? dummy : currentKey, sent);
        if (currentKey != null && SecretHasher.matches(lease.secretHash(), computed)) {
            return Slot.CURRENT;
        }
        AppCredentialLease.PreviousSecret previous = lease == null ? null : lease.livePrevious(nowMillis);
        Key previousKey = previous == null ? null : keys.apply(previous.hashKeyId());
        String computedPrevious = hmac.hash(previousKey == null ? dummy : previousKey, sent);
        if (previousKey != null && SecretHasher.matches(previous.secretHash(), computedPrevious)) {
            return Slot.PREVIOUS;
        }
        return null;
    }
}
