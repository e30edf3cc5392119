package io.appcredentials.keycloak.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.Key;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.model.AppCredentialLease;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.secret.AppCredentialSecrets;
import io.appcredentials.keycloak.secret.SecretHasher;

/**
 * The secret check's HMAC count (issue 28): 1 for the current secret, 2 for the previous one, and exactly 2 on every
 * refusal, whether or not the credential is in a rotation overlap and whether or not the ID is known. No timing
 * assertions: the count is what decides the time a refusal takes.
 */
class SecretCheckTest {

    private static final long NOW = 1_000_000_000_000L;
    private static final Key DUMMY = key(0);
    private static final Key CURRENT_KEY = key(1);
    private static final Key PREVIOUS_KEY = key(2);
    private static final Map<String, Key> KEYS = Map.of("k1", CURRENT_KEY, "k2", PREVIOUS_KEY);

    private final String current = AppCredentialSecrets.newSecret();
    private final String old = AppCredentialSecrets.newSecret();
    private final String wrong = AppCredentialSecrets.newSecret();
    private final AtomicInteger hmacs = new AtomicInteger();
    private final SecretCheck.Hmac counting = (key, secret) -> {
        hmacs.incrementAndGet();
        return SecretHasher.hash(key, secret);
    };

    private static Key key(int seed) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) (seed + 1);
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    private AppCredentialLease lease(AppCredentialLease.PreviousSecret previous) {
        return new AppCredentialLease("ac_00000000000000000000", "realm", "user", "client", Set.of(), Set.of(),
                SecretHasher.hash(CURRENT_KEY, current), "k1", 5, AppCredentialState.ACTIVE, NOW + 86_400_000L, null,
                List.of(), List.of(), false, false, previous);
    }

    private AppCredentialLease inOverlap(long until) {
        return lease(new AppCredentialLease.PreviousSecret(SecretHasher.hash(PREVIOUS_KEY, old), "k2", 4, until));
    }

    private SecretCheck.Slot check(AppCredentialLease lease, String secret) {
        hmacs.set(0);
        return SecretCheck.check(lease, secret, NOW, KEYS::get, DUMMY, counting);
    }

    @Test
    void theCurrentSecretCostsOneHmacWithOrWithoutAnOverlap() {
        assertEquals(SecretCheck.Slot.CURRENT, check(lease(null), current));
        assertEquals(1, hmacs.get());
        assertEquals(SecretCheck.Slot.CURRENT, check(inOverlap(NOW + 1000), current));
        assertEquals(1, hmacs.get());
    }

    @Test
    void thePreviousSecretWorksDuringTheOverlapOnlyAndCostsTwo() {
        assertEquals(SecretCheck.Slot.PREVIOUS, check(inOverlap(NOW + 1000), old));
        assertEquals(2, hmacs.get());
        assertNull(check(inOverlap(NOW), old), "the window's end is exclusive");
        assertEquals(2, hmacs.get());
        assertNull(check(lease(null), old));
    }

    @Test
    void everyRefusalCostsExactlyTwoHmacs() {
        assertNull(check(lease(null), wrong));
        assertEquals(2, hmacs.get(), "wrong secret, no overlap");
        assertNull(check(inOverlap(NOW + 1000), wrong));
        assertEquals(2, hmacs.get(), "wrong secret, in an overlap");
        assertNull(check(inOverlap(NOW - 1), wrong));
        assertEquals(2, hmacs.get(), "wrong secret, overlap ended");
        assertNull(check(null, wrong));
        assertEquals(2, hmacs.get(), "unknown ID");
        assertNull(check(null, null));
        assertEquals(2, hmacs.get(), "unknown ID, no secret");
    }

    @Test
    void aRefusalWithAMissingKeyCostsTwoToo() {
        hmacs.set(0);
        assertNull(SecretCheck.check(inOverlap(NOW + 1000), current, NOW, kid -> null, DUMMY, counting));
        assertEquals(2, hmacs.get());
    }
}
