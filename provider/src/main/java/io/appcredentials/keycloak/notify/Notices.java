package io.appcredentials.keycloak.notify;

import java.net.URI;

import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.appcredentials.keycloak.metrics.CredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.PendingNotice;
import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * The "new credential" mail (policy {@code notifyOnCreate}): when a credential is created for a user or its secret
 * regenerated, the owner is told who did it, from which address, and what to do if it was not them.
 *
 * <p>The mail owed is recorded on the credential in the transaction that creates or regenerates it; once that
 * transaction has committed, a background thread claims it and sends it, so the user's request neither waits for the
 * SMTP server nor fails with it. A mail that could not be sent stays recorded and the reminder job of the next
 * interval retries it ({@link ExpiryReminderTask}); the claim makes sure it goes out once.
 */
public final class Notices {

    static final String EXECUTOR = "app-credentials-mail";
    private static final Logger LOG = Logger.getLogger(Notices.class);

    private Notices() {
    }

    /**
     * Records the mail owed for a credential just created or regenerated in the session's transaction (when the
     * policy asks for it and the owner can be mailed), and sends it after the commit.
     *
     * @param actor who did it; null for the owner themselves
     * @param byAdmin an administrator did it for the owner
     */
    public static void issued(KeycloakSession session, RealmModel realm, AppCredentialModel credential, PendingNotice.Kind kind,
                              UserModel actor, boolean byAdmin) {
        if (!CredentialMail.realmCanMail(realm) || !RealmPolicy.of(realm).notifyOnCreate()) {
            return;
        }
        UserModel owner = session.users().getUserById(realm, credential.getUserId());
        if (!CredentialMail.canMail(realm, owner)) {
            return;
        }
        UserModel who = actor == null ? owner : actor;
        String ip = session.getContext().getConnection() == null ? null : session.getContext().getConnection().getRemoteAddr();
        credential.setPendingNotice(new PendingNotice(kind, truncate(who.getUsername(), 255), byAdmin, truncate(ip, 64), System.currentTimeMillis()));

        // an administrator's request may come through another host name (and its realm is the admin's): the
        // realm's frontend URL is then worked out when the mail is sent
        URI base = byAdmin ? null : AccountLinks.frontendBase(session, realm);
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String realmName = realm.getName();
        String credentialId = credential.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR)
                            .execute(() -> deliver(factory, realmId, realmName, credentialId, base));
                } catch (RuntimeException e) {
                    // never the user's problem: the reminder job sends it
                    LOG.debugf(e, "The mail about application credential %s is left to the next run", credentialId);
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /**
     * Sends the mail owed for the credential, if any is and no one else claims it first. {@code base}: the server's
     * frontend URL, or null to work it out here.
     */
    static Delivery.Outcome deliver(KeycloakSessionFactory factory, String realmId, String realmName, String credentialId, URI base) {
        PendingNotice claimed;
        try {
            claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                AppCredentialProvider credentials = s.getProvider(AppCredentialProvider.class);
                if (realm == null) {
                    return null;
                }
                s.getContext().setRealm(realm);
                AppCredentialModel credential = credentials.getById(realm, credentialId);
                PendingNotice notice = credential == null ? null : credential.getPendingNotice();
                return notice != null && credentials.claimNotice(credentialId, notice) ? notice : null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not claim the mail about application credential %s (retried on the next run): %s", credentialId, e);
            return Delivery.Outcome.FAILED;
        }
        if (claimed == null) {
            return Delivery.Outcome.NOT_MAILABLE; // sent by someone else, or nothing owed
        }
        CredentialMetrics.Mail type = claimed.kind() == PendingNotice.Kind.CREATED ? CredentialMetrics.Mail.CREATED : CredentialMetrics.Mail.REGENERATED;
        // an owner who cannot be mailed any more is not mailed later either: the notice is dropped
        return Delivery.send(factory, realmId, realmName, credentialId, type,
                (s, realm, owner, credential) -> CredentialMail.sendNotice(s, realm, owner, credential, claimed,
                        base != null ? base : AccountLinks.frontendBase(s, realm)),
                s -> s.getProvider(AppCredentialProvider.class).restoreNotice(credentialId, claimed), false);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
