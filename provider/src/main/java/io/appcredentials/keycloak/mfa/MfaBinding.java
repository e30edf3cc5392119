package io.appcredentials.keycloak.mfa;

import java.util.Comparator;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * What a credential is bound to: the second factor whose loss suspends (or revokes, per {@code onMfaRemoved}) it.
 * Read from the credential's stored {@code mfa} value:
 * <ul>
 *   <li>a factor the creator proved ({@code otp}, {@code webauthn}, {@code webauthn-passwordless},
 *       {@code recovery-code}): the owner's own second factors ({@link Kind#LOCAL});</li>
 *   <li>{@code idp:<alias>:<amr or acr>}, a factor proved at a trusted identity provider: the owner's link to that
 *       provider ({@link Kind#IDENTITY_PROVIDER});</li>
 *   <li>{@value #OWNER_LOCAL} and {@value #OWNER_IDP_PREFIX}{@code <alias>}, written for credentials an administrator
 *       created on the owner's behalf: what the owner had when it was created, nothing proved by anyone;</li>
 *   <li>none ({@code null}: made while the realm required no second factor, or by an administrator before credentials
 *       made on a user's behalf were bound): any second factor of the owner, local or at a trusted provider they are
 *       linked to ({@link Kind#ANY}). An administrator's credential of this kind is exempt while the policy's
 *       {@code allowUnboundAdminCredentials} is on.</li>
 * </ul>
 * The binding holds while the policy requires a second factor and {@code onMfaRemoved} is not {@code keep}.
 */
public record MfaBinding(Kind kind, String alias) {

    public enum Kind { LOCAL, IDENTITY_PROVIDER, ANY }

    /** Stored for an administrator's credential whose owner had a second factor of their own. */
    public static final String OWNER_LOCAL = "owner:local";
    /** Stored (with the provider's alias) for an administrator's credential whose owner's factor is at a trusted provider. */
    public static final String OWNER_IDP_PREFIX = "owner:idp:";

    private static final MfaBinding LOCAL = new MfaBinding(Kind.LOCAL, null);
    private static final MfaBinding ANY = new MfaBinding(Kind.ANY, null);

    /** The binding of a credential with this stored {@code mfa} value. */
    public static MfaBinding of(String storedMfa) {
        if (storedMfa == null) {
            return ANY;
        }
        if (storedMfa.startsWith(OWNER_IDP_PREFIX)) {
            return new MfaBinding(Kind.IDENTITY_PROVIDER, storedMfa.substring(OWNER_IDP_PREFIX.length()));
        }
        String alias = UpstreamMfa.aliasOf(storedMfa);
        return alias != null ? new MfaBinding(Kind.IDENTITY_PROVIDER, alias) : LOCAL;
    }

    /** Whether the stored value names a factor somebody proved when creating the credential (shown as {@code mfa}). */
    public static boolean isProvedFactor(String storedMfa) {
        return storedMfa != null && !storedMfa.startsWith("owner:");
    }

    /**
     * What the representations show as {@code mfaBinding}: {@code local}, {@code idp:<alias>}, {@code any}, or
     * {@code none} for an administrator's credential exempt under {@code allowUnboundAdminCredentials}.
     */
    public static String describe(String storedMfa, boolean createdByAdmin, RealmPolicy policy) {
        MfaBinding binding = of(storedMfa);
        return switch (binding.kind) {
            case LOCAL -> "local";
            case IDENTITY_PROVIDER -> UpstreamMfa.FACTOR_PREFIX + binding.alias;
            case ANY -> createdByAdmin && policy.allowUnboundAdminCredentials() ? "none" : "any";
        };
    }

    /**
     * Whether the second factor a credential is bound to is gone, so that {@code onMfaRemoved} applies. Costs no query
     * on the token path: the owner's stored credentials and federated identity links come from Keycloak's user cache,
     * the identity providers from its own cache, the policy from the realm's attributes.
     */
    public static boolean lost(KeycloakSession session, RealmModel realm, RealmPolicy policy, UserModel owner, String storedMfa,
                               boolean createdByAdmin) {
        if (!policy.requireMfa() || policy.onMfaRemoved() == RealmPolicy.OnMfaRemoved.KEEP) {
            return false;
        }
        MfaBinding binding = of(storedMfa);
        return switch (binding.kind) {
            case LOCAL -> !MfaEvidence.hasSecondFactor(owner);
            case IDENTITY_PROVIDER -> !UpstreamMfa.stillVouches(session, realm, owner, binding.alias, policy);
            case ANY -> !(createdByAdmin && policy.allowUnboundAdminCredentials()) && !MfaEvidence.hasSecondFactor(owner)
                    && policy.trustedIdpMfa().keySet().stream().noneMatch(alias -> UpstreamMfa.stillVouches(session, realm, owner, alias, policy));
        };
    }

    /**
     * What an owner's credential made now on their behalf is bound to ({@link #OWNER_LOCAL}, or
     * {@value #OWNER_IDP_PREFIX}{@code <alias>} for a trusted provider they are linked to by a link that proves the
     * upstream account is theirs), or null when they have no second factor at all.
     */
    public static String ownersFactor(KeycloakSession session, RealmModel realm, UserModel owner, RealmPolicy policy) {
        if (MfaEvidence.hasSecondFactor(owner)) {
            return OWNER_LOCAL;
        }
        return policy.trustedIdpMfa().keySet().stream()
                .sorted(Comparator.naturalOrder())
                .filter(alias -> UpstreamMfa.stillVouches(session, realm, owner, alias, policy)
                        && LinkProvenance.provesOwner(session, realm, owner, alias))
                .findFirst()
                .map(alias -> OWNER_IDP_PREFIX + alias)
                .orElse(null);
    }
}
