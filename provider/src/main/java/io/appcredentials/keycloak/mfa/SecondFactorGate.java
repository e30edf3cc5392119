package io.appcredentials.keycloak.mfa;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * The one place that decides whether a user's session carries a second factor good enough for a write that issues or
 * keeps a secret (create, regenerate, renew, reactivation), and what the user must do when it does not. A second
 * factor counts when Keycloak's flow completed one in this session ({@link MfaEvidence}), or when the session comes
 * from an identity provider the realm trusts for it and that provider's ID token shows one ({@link UpstreamMfa}).
 * <p>
 * {@link #check} gathers what the session shows; {@link #decide} is the decision alone, so that it can be tested
 * without a server. The REST layer turns the {@link Result} into an answer.
 */
public final class SecondFactorGate {

    private SecondFactorGate() {
    }

    /** Why the gate refuses for good (the user must change something first; signing in again does not help). */
    public enum Refusal {
        /** The session is from a trusted provider whose set-up here cannot vouch for a factor; only an admin can fix it. */
        EVIDENCE_UNAVAILABLE,
        /** The user's only factor is at a provider, but their link to it was made without proof the account there is theirs. */
        LINK_NOT_VERIFIED,
        /** The user's factor is at a provider, but this session did not begin with a sign-in through it. */
        SIGN_IN_THROUGH_PROVIDER,
        /** The user has no second factor at all. */
        NOT_CONFIGURED
    }

    /** What the gate answers. */
    public sealed interface Result permits Passed, Refused, StepUp, UpstreamStepUp {
    }

    /** The write may go on; {@code factor} is what vouched for it (null when no factor is required and none was proved). */
    public record Passed(String factor) implements Result {
    }

    /** No. {@code alias} is the identity provider the refusal is about (or null); {@code detail} says why, for some. */
    public record Refused(Refusal reason, String alias, String detail) implements Result {
    }

    /**
     * Prove a local second factor again: within {@code maxAgeSeconds}, or (for reactivation, {@code newFactor}) now,
     * with the factor set up most recently.
     */
    public record StepUp(int maxAgeSeconds, boolean newFactor) implements Result {
    }

    /** Sign in again through the trusted provider {@code alias}; {@code reactivation} asks for a sign-in from now on. */
    public record UpstreamStepUp(String alias, int maxAgeSeconds, boolean reactivation) implements Result {
    }

    /**
     * What the session shows. {@code local} is the latest local proof, only while the user still has a local factor;
     * {@code upstream} the provider's proof, or null with {@code unverifiableAlias}/{@code unverifiableReason} when the
     * provider's set-up keeps it out of reach; {@code signedInThrough} the trusted provider this session came from,
     * when its link proves the upstream account is the user's; {@code unprovenLink} that provider when it does not.
     */
    public record Facts(boolean hasLocalFactor, MfaEvidence.Evidence local, MfaEvidence.Evidence upstream,
                        String unverifiableAlias, String unverifiableReason, String signedInThrough, String unprovenLink) {
    }

    /** What the gate asks of the realm when it refuses: the trusted provider the user is linked to, and that link's provenance. */
    public interface Links {

        /** The first trusted provider (by alias) the user is linked to, or null. */
        String linkedTrustedProvider();

        /** Whether the user's link to this provider proves the account there is theirs. */
        boolean provesOwner(String alias);
    }

    /**
     * The gate for a write by {@code user} in {@code userSession}. {@code provedAfter} (epoch seconds, 0 for none)
     * bounds a local proof from below: for reactivation, proof given before the newest factor was set up came from the
     * factor that went away.
     */
    public static Result check(KeycloakSession session, RealmModel realm, UserModel user, UserSessionModel userSession,
                               RealmPolicy policy, long provedAfter) {
        String signedInThrough = UpstreamMfa.trustedAlias(userSession, policy);
        if (signedInThrough != null && !UpstreamMfa.signedInThrough(session, realm, userSession, user, signedInThrough)) {
            // the provider's note without a sign-in through it (an account linked into a local session)
            signedInThrough = null;
        }
        String unprovenLink = null;
        if (signedInThrough != null && !LinkProvenance.provesOwner(session, realm, user, signedInThrough)) {
            // signed in through the provider, but as an upstream account linked with a password alone: anybody's
            unprovenLink = signedInThrough;
            signedInThrough = null;
        }
        boolean hasLocalFactor = MfaEvidence.hasSecondFactor(user);
        // proof with a factor the user no longer has does not count
        MfaEvidence.Evidence local = hasLocalFactor ? MfaEvidence.latest(session, realm, userSession) : null;
        MfaEvidence.Evidence upstream = null;
        String unverifiableAlias = null;
        String unverifiableReason = null;
        try {
            upstream = UpstreamMfa.evidence(session, realm, userSession, user, policy);
        } catch (UpstreamMfa.Unverifiable e) {
            unverifiableAlias = e.alias();
            unverifiableReason = e.getMessage();
        }
        Facts facts = new Facts(hasLocalFactor, local, upstream, unverifiableAlias, unverifiableReason, signedInThrough, unprovenLink);
        return decide(facts, policy, provedAfter, new Links() {
            @Override
            public String linkedTrustedProvider() {
                return policy.trustedIdpMfa().keySet().stream()
                        .filter(alias -> session.users().getFederatedIdentity(realm, user, alias) != null).sorted().findFirst().orElse(null);
            }

            @Override
            public boolean provesOwner(String alias) {
                return LinkProvenance.provesOwner(session, realm, user, alias);
            }
        });
    }

    /** The decision on what the session shows; {@code links} is asked only on the way to a refusal. */
    public static Result decide(Facts facts, RealmPolicy policy, long provedAfter, Links links) {
        MfaEvidence.Evidence local = facts.local();
        if (facts.unverifiableAlias() != null && policy.requireMfa() && local == null) {
            return new Refused(Refusal.EVIDENCE_UNAVAILABLE, facts.unverifiableAlias(), facts.unverifiableReason());
        }
        MfaEvidence.Evidence upstream = facts.upstream();
        if (!policy.requireMfa()) {
            MfaEvidence.Evidence any = local != null ? local : upstream;
            return new Passed(any == null ? null : any.factor());
        }
        MfaEvidence.Evidence fresh = freshest(local, upstream, policy.mfaMaxAgeSeconds(), provedAfter);
        if (fresh != null) {
            return new Passed(fresh.factor());
        }
        if (!facts.hasLocalFactor() && facts.signedInThrough() == null) {
            String linked = facts.unprovenLink() != null ? facts.unprovenLink() : links.linkedTrustedProvider();
            if (linked != null && (linked.equals(facts.unprovenLink()) || !links.provesOwner(linked))) {
                return new Refused(Refusal.LINK_NOT_VERIFIED, linked, null);
            }
            if (linked != null) {
                return new Refused(Refusal.SIGN_IN_THROUGH_PROVIDER, linked, null);
            }
            return new Refused(Refusal.NOT_CONFIGURED, null, null);
        }
        if (facts.signedInThrough() != null) {
            // the proof must come from the provider the user signs in with: a fresh sign-in there, not a local acr
            return new UpstreamStepUp(facts.signedInThrough(), policy.mfaMaxAgeSeconds(), provedAfter > 0);
        }
        // Keycloak records both times in whole seconds: proof from the second the factor was set up is ambiguous,
        // so it must come from a later second.
        if (local != null && local.ageSeconds() <= policy.mfaMaxAgeSeconds() && provedAfter > 0) {
            return new StepUp(0, true);
        }
        return new StepUp(policy.mfaMaxAgeSeconds(), false);
    }

    /**
     * The evidence that is recent enough (and, for a local factor, newer than {@code provedAfter}); of two, the one
     * proved later wins.
     */
    static MfaEvidence.Evidence freshest(MfaEvidence.Evidence local, MfaEvidence.Evidence upstream, int maxAge, long provedAfter) {
        MfaEvidence.Evidence best = null;
        if (local != null && local.ageSeconds() <= maxAge && (provedAfter <= 0 || local.provedAt() > provedAfter)) {
            best = local;
        }
        if (upstream != null && upstream.ageSeconds() <= maxAge && (best == null || upstream.provedAt() > best.provedAt())) {
            best = upstream;
        }
        return best;
    }

    /** Where a user stands with second factors, as {@code /options} shows it before any write. */
    public record Standing(boolean required, boolean configured, String source, String identityProvider) {
    }

    /**
     * Whether the realm requires a second factor, whether the user has one that can vouch (local, or at a trusted
     * provider they are linked to by a link that proves the upstream account is theirs), and which.
     */
    public static Standing standing(KeycloakSession session, RealmModel realm, UserModel user, RealmPolicy policy) {
        String provider = policy.trustedIdpMfa().keySet().stream()
                .filter(alias -> session.users().getFederatedIdentity(realm, user, alias) != null
                        && LinkProvenance.provesOwner(session, realm, user, alias)).sorted().findFirst().orElse(null);
        boolean local = MfaEvidence.hasSecondFactor(user);
        String source = !policy.requireMfa() ? "none" : provider != null && !local ? "identity-provider" : "local";
        return new Standing(policy.requireMfa(), local || provider != null, source, provider);
    }
}
