package io.appcredentials.keycloak.mfa;

import java.util.Comparator;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.AppCredentialState;
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
    private static final Logger LOG = Logger.getLogger(MfaBinding.class);

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
     * Whether the second factor a credential is bound to is gone, so that {@code onMfaRemoved} applies: a local factor
     * is gone when the owner has no second factor left; an identity provider's when the provider is no longer trusted
     * or enabled or the owner no longer linked to it; a credential that recorded no factor is bound to whichever of
     * these the owner has, except an administrator's while the policy's {@code allowUnboundAdminCredentials} is on. Costs no query
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

    /**
     * What losing a factor does: applies the policy's {@code onMfaRemoved} (suspend or revoke; keep does nothing) to the
     * owner's active or disabled credentials whose binding is {@link #lost}, in the caller's transaction, with the
     * owner's credentials locked. Returns how many were changed.
     */
    public static int applyLoss(KeycloakSession session, RealmModel realm, String ownerId, RealmPolicy policy) {
        if (!policy.requireMfa() || policy.onMfaRemoved() == RealmPolicy.OnMfaRemoved.KEEP) {
            return 0;
        }
        UserModel owner = session.users().getUserById(realm, ownerId);
        if (owner == null) {
            return 0;
        }
        long now = Time.currentTimeMillis();
        List<AppCredentialModel> affected = session.getProvider(AppCredentialProvider.class).lockOwnerAndListUnrevoked(realm, ownerId).stream()
                .filter(c -> c.getStoredState() == AppCredentialState.ACTIVE || c.getStoredState() == AppCredentialState.DISABLED)
                .filter(c -> lost(session, realm, policy, owner, c.getMfa(), c.isCreatedByAdmin()))
                .toList();
        boolean revoke = policy.onMfaRemoved() == RealmPolicy.OnMfaRemoved.REVOKE;
        for (AppCredentialModel c : affected) {
            if (revoke) {
                c.revoke(now);
            } else {
                c.endIssuedTokens();
                c.setStoredState(AppCredentialState.SUSPENDED);
            }
        }
        if (revoke) {
            AppCredentialMetrics.afterCommit(session, realm, AppCredentialMetrics.Change.REVOKED, affected.size());
        }
        if (!affected.isEmpty()) {
            LOG.infof("The second factor behind %d application credential(s) of owner %s in realm %s is gone: %s",
                    affected.size(), ownerId, realm.getName(), revoke ? "revoked" : "suspended");
        }
        return affected.size();
    }

    /**
     * {@link #applyLoss} in a transaction of its own, for the token path (whose transaction is rolled back when it
     * refuses the request). Returns the resulting state word.
     */
    public static String applyLossInOwnTransaction(KeycloakSession session, String ownerId, RealmPolicy policy) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(),
                s -> applyLoss(s, s.getContext().getRealm(), ownerId, policy));
        return policy.onMfaRemoved() == RealmPolicy.OnMfaRemoved.REVOKE ? "revoked" : "suspended";
    }
}
