package io.appcredentials.keycloak.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.policy.RealmPolicy;

/** What a stored second-factor value binds a credential to, and how the representations show it. */
class MfaBindingTest {

    private static RealmPolicy exempting(boolean allowUnbound) {
        RealmPolicy d = RealmPolicy.DEFAULTS;
        return new RealmPolicy(true, true, 300, 30, 365, 10, d.onMfaRemoved(), d.allowedClients(), null, 30, false, List.of(7), true,
                Map.of(), 20, allowUnbound, null);
    }

    @Test
    void storedValuesBindToLocalFactorsAProviderOrAny() {
        assertEquals(MfaBinding.Kind.LOCAL, MfaBinding.of("otp").kind());
        assertEquals(MfaBinding.Kind.LOCAL, MfaBinding.of("webauthn-passwordless").kind());
        assertEquals(MfaBinding.Kind.LOCAL, MfaBinding.of(MfaBinding.OWNER_LOCAL).kind());
        assertEquals(new MfaBinding(MfaBinding.Kind.IDENTITY_PROVIDER, "corp"), MfaBinding.of("idp:corp:otp"));
        assertEquals(new MfaBinding(MfaBinding.Kind.IDENTITY_PROVIDER, "corp"), MfaBinding.of(MfaBinding.OWNER_IDP_PREFIX + "corp"));
        assertEquals(MfaBinding.Kind.ANY, MfaBinding.of(null).kind());
    }

    @Test
    void theRepresentationShowsTheProvedFactorAndTheBinding() {
        assertTrue(MfaBinding.isProvedFactor("otp"));
        assertTrue(MfaBinding.isProvedFactor("idp:corp:hwk"));
        assertFalse(MfaBinding.isProvedFactor(MfaBinding.OWNER_LOCAL));
        assertFalse(MfaBinding.isProvedFactor(null));
        assertEquals("local", MfaBinding.describe("recovery-code", false, RealmPolicy.DEFAULTS));
        assertEquals("local", MfaBinding.describe(MfaBinding.OWNER_LOCAL, true, RealmPolicy.DEFAULTS));
        assertEquals("idp:corp", MfaBinding.describe("owner:idp:corp", true, RealmPolicy.DEFAULTS));
        assertEquals("any", MfaBinding.describe(null, false, exempting(true)), "a user's own: never exempt");
        assertEquals("any", MfaBinding.describe(null, true, exempting(false)));
        assertEquals("none", MfaBinding.describe(null, true, exempting(true)));
    }
}
