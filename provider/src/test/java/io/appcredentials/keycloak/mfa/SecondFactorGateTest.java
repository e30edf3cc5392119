package io.appcredentials.keycloak.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.mfa.MfaEvidence.Evidence;
import io.appcredentials.keycloak.mfa.SecondFactorGate.Facts;
import io.appcredentials.keycloak.mfa.SecondFactorGate.Links;
import io.appcredentials.keycloak.mfa.SecondFactorGate.Passed;
import io.appcredentials.keycloak.mfa.SecondFactorGate.Refusal;
import io.appcredentials.keycloak.mfa.SecondFactorGate.Refused;
import io.appcredentials.keycloak.mfa.SecondFactorGate.StepUp;
import io.appcredentials.keycloak.mfa.SecondFactorGate.UpstreamStepUp;
import io.appcredentials.keycloak.policy.RealmPolicy;

/** Which evidence of a second factor lets a write through, and what the user is asked for when none does. */
class SecondFactorGateTest {

    private static final int MAX_AGE = 300;
    private static final RealmPolicy REQUIRED = policy(true);
    private static final RealmPolicy OPTIONAL = policy(false);

    /** A links lookup for paths that must not need one. */
    private static final Links UNASKED = new Links() {
        @Override
        public String linkedTrustedProvider() {
            throw new AssertionError("links looked up on the way to a pass");
        }

        @Override
        public boolean provesOwner(String alias) {
            throw new AssertionError("links looked up on the way to a pass");
        }
    };

    private static RealmPolicy policy(boolean requireMfa) {
        RealmPolicy d = RealmPolicy.DEFAULTS;
        return new RealmPolicy(true, requireMfa, MAX_AGE, 30, 365, 10, d.onMfaRemoved(), d.allowedClients(), null, 30, false, List.of(7), true,
                Map.of("corp", new RealmPolicy.TrustedIdp(List.of("otp"), List.of())), 20, false, null);
    }

    private static Links links(String linked, boolean provesOwner) {
        return new Links() {
            @Override
            public String linkedTrustedProvider() {
                return linked;
            }

            @Override
            public boolean provesOwner(String alias) {
                return provesOwner;
            }
        };
    }

    /** Evidence proved at {@code provedAt} (epoch seconds), {@code age} seconds ago. */
    private static Evidence proof(String factor, long provedAt, int age) {
        return new Evidence(factor, age, provedAt);
    }

    private static Facts local(Evidence local) {
        return new Facts(true, local, null, null, null, null, null);
    }

    private static Facts both(Evidence local, Evidence upstream) {
        return new Facts(true, local, upstream, null, null, "corp", null);
    }

    @Test
    void aFreshLocalFactorPassesAndNamesItself() {
        assertEquals(new Passed("otp"), SecondFactorGate.decide(local(proof("otp", 1000, 10)), REQUIRED, 0, UNASKED));
    }

    @Test
    void ofTwoFreshProofsTheOneProvedLaterWins() {
        Evidence local = proof("otp", 1000, 20);
        Evidence upstreamLater = proof("idp:corp:otp", 1010, 10);
        Evidence upstreamEarlier = proof("idp:corp:otp", 990, 30);
        assertEquals(new Passed("idp:corp:otp"), SecondFactorGate.decide(both(local, upstreamLater), REQUIRED, 0, UNASKED));
        assertEquals(new Passed("otp"), SecondFactorGate.decide(both(local, upstreamEarlier), REQUIRED, 0, UNASKED));
    }

    @Test
    void aStaleProofLosesToAFreshOneWhicheverIsNewer() {
        Evidence staleLocal = proof("otp", 1000, MAX_AGE + 1);
        Evidence freshUpstream = proof("idp:corp:otp", 900, 5);
        assertEquals(new Passed("idp:corp:otp"), SecondFactorGate.decide(both(staleLocal, freshUpstream), REQUIRED, 0, UNASKED));
        Evidence freshLocal = proof("otp", 900, 5);
        Evidence staleUpstream = proof("idp:corp:otp", 1000, MAX_AGE + 1);
        assertEquals(new Passed("otp"), SecondFactorGate.decide(both(freshLocal, staleUpstream), REQUIRED, 0, UNASKED));
    }

    @Test
    void provedAfterBoundsTheLocalProofOnly() {
        Evidence local = proof("otp", 1000, 10);
        assertEquals(new Passed("otp"), SecondFactorGate.decide(local(local), REQUIRED, 999, UNASKED));
        // proof from the very second the newest factor was set up may have come from the old one: sign in again now
        assertEquals(new StepUp(0, true), SecondFactorGate.decide(local(local), REQUIRED, 1000, UNASKED));
        assertEquals(new StepUp(0, true), SecondFactorGate.decide(local(local), REQUIRED, 1500, UNASKED));
        Evidence upstream = proof("idp:corp:otp", 1000, 10);
        assertEquals(new Passed("idp:corp:otp"), SecondFactorGate.decide(both(null, upstream), REQUIRED, 1500, UNASKED));
    }

    @Test
    void tooOldProofAsksForAFreshOneWhereItCanBeGiven() {
        Evidence old = proof("otp", 1000, MAX_AGE + 1);
        assertEquals(new StepUp(MAX_AGE, false), SecondFactorGate.decide(local(old), REQUIRED, 0, UNASKED));
        assertEquals(new StepUp(MAX_AGE, false), SecondFactorGate.decide(local(null), REQUIRED, 0, UNASKED));
        Facts throughProvider = new Facts(false, null, proof("idp:corp:otp", 1000, MAX_AGE + 1), null, null, "corp", null);
        assertEquals(new UpstreamStepUp("corp", MAX_AGE, false), SecondFactorGate.decide(throughProvider, REQUIRED, 0, UNASKED));
        assertEquals(new UpstreamStepUp("corp", MAX_AGE, true), SecondFactorGate.decide(throughProvider, REQUIRED, 1, UNASKED));
    }

    @Test
    void withoutAFactorThatCanVouchTheRefusalSaysWhatToChange() {
        Facts none = new Facts(false, null, null, null, null, null, null);
        assertEquals(new Refused(Refusal.NOT_CONFIGURED, null, null), SecondFactorGate.decide(none, REQUIRED, 0, links(null, false)));
        assertEquals(new Refused(Refusal.SIGN_IN_THROUGH_PROVIDER, "corp", null), SecondFactorGate.decide(none, REQUIRED, 0, links("corp", true)));
        assertEquals(new Refused(Refusal.LINK_NOT_VERIFIED, "corp", null), SecondFactorGate.decide(none, REQUIRED, 0, links("corp", false)));
        Facts unproven = new Facts(false, null, null, null, null, null, "corp");
        assertEquals(new Refused(Refusal.LINK_NOT_VERIFIED, "corp", null), SecondFactorGate.decide(unproven, REQUIRED, 0, UNASKED));
    }

    @Test
    void aProviderThatCannotVouchRefusesOnlyWhenNothingElseCan() {
        Facts unverifiable = new Facts(false, null, null, "corp", "its ID token is not stored", "corp", null);
        assertEquals(new Refused(Refusal.EVIDENCE_UNAVAILABLE, "corp", "its ID token is not stored"),
                SecondFactorGate.decide(unverifiable, REQUIRED, 0, UNASKED));
        Facts withLocal = new Facts(true, proof("otp", 1000, 10), null, "corp", "its ID token is not stored", "corp", null);
        assertEquals(new Passed("otp"), SecondFactorGate.decide(withLocal, REQUIRED, 0, UNASKED));
        assertEquals(new Passed(null), SecondFactorGate.decide(unverifiable, OPTIONAL, 0, UNASKED));
    }

    @Test
    void whenNoFactorIsRequiredAnyProofIsRecordedAndNoneIsAsked() {
        assertEquals(new Passed(null), SecondFactorGate.decide(local(null), OPTIONAL, 0, UNASKED));
        assertEquals(new Passed("otp"), SecondFactorGate.decide(local(proof("otp", 1000, MAX_AGE + 100)), OPTIONAL, 0, UNASKED));
        assertEquals(new Passed("idp:corp:otp"), SecondFactorGate.decide(both(null, proof("idp:corp:otp", 1, 99999)), OPTIONAL, 0, UNASKED));
    }
}
