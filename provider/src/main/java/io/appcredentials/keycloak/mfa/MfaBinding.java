package io.appcredentials.keycloak.mfa;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.AppCredentialStore;
import io.appcredentials.keycloak.model.jpa.JpaAppCredentialStore;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.token.CredentialCache;

/**
 * Credentials created with a second factor are vouched for by it: when their owner has no second factor left,
 * the policy's {@code onMfaRemoved} applies to them (suspend or revoke; keep does nothing). Credentials an
 * admin created on a user's behalf were vouched for by the admin and are not affected.
 */
public final class MfaBinding {

    private static final Logger LOG = Logger.getLogger(MfaBinding.class);

    private MfaBinding() {
    }

    /** Whether the policy binds credentials to MFA and the owner has no second factor any more. */
    public static boolean lostSecondFactor(RealmPolicy policy, UserModel owner) {
        return policy.requireMfa() && policy.onMfaRemoved() != RealmPolicy.OnMfaRemoved.KEEP
                && !MfaEvidence.hasSecondFactor(owner);
    }

    /**
     * Applies {@code onMfaRemoved} to every active or disabled credential of the owner, in the caller's
     * transaction. Returns how many were changed.
     */
    public static int applyToOwner(KeycloakSession session, RealmModel realm, String ownerId, RealmPolicy policy) {
        if (policy.onMfaRemoved() == RealmPolicy.OnMfaRemoved.KEEP) {
            return 0;
        }
        AppCredentialStore store = new JpaAppCredentialStore(session);
        long now = System.currentTimeMillis();
        List<AppCredentialModel> affected = store.listByOwnerForUpdate(realm, ownerId).stream()
                .filter(c -> c.getMfa() != null)
                .filter(c -> c.getStoredState() == AppCredentialState.ACTIVE || c.getStoredState() == AppCredentialState.DISABLED)
                .toList();
        for (AppCredentialModel c : affected) {
            if (policy.onMfaRemoved() == RealmPolicy.OnMfaRemoved.REVOKE) {
                store.revoke(c, now);
            } else {
                c.setStoredState(AppCredentialState.SUSPENDED);
                c.endIssuedTokens();
            }
            CredentialCache.invalidate(session, c.getId());
        }
        if (!affected.isEmpty()) {
            LOG.infof("Owner %s of realm %s has no second factor any more: %d application credential(s) %s",
                    ownerId, realm.getName(), affected.size(), policy.onMfaRemoved() == RealmPolicy.OnMfaRemoved.REVOKE ? "revoked" : "suspended");
        }
        return affected.size();
    }

    /**
     * Same as {@link #applyToOwner} in a transaction of its own (used on the token path, whose own transaction
     * is rolled back when the request is refused). Returns the resulting state word.
     */
    public static String applyInOwnTransaction(KeycloakSession session, RealmModel realm, String ownerId, RealmPolicy policy) {
        String realmId = realm.getId();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            RealmModel r = s.realms().getRealm(realmId);
            s.getContext().setRealm(r);
            applyToOwner(s, r, ownerId, policy);
        });
        return policy.onMfaRemoved() == RealmPolicy.OnMfaRemoved.REVOKE ? "revoked" : "suspended";
    }
}
