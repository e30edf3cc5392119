package io.appcredentials.keycloak.notify;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTask;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;

/**
 * Sends one mail that its caller has claimed (recorded as sent, in a committed transaction of its own, so no other
 * node or run sends it too), in a transaction of its own, and gives the claim back when the send fails, so that the
 * next run retries it. A failure is logged without the mail's content (which holds no secret anyway) and counted.
 */
final class Delivery {

    private static final Logger LOG = Logger.getLogger(Delivery.class);

    enum Outcome {
        SENT,
        /** the owner cannot be mailed (any more): no address, not verified, no SMTP server; nothing was sent */
        NOT_MAILABLE,
        FAILED
    }

    @FunctionalInterface
    interface Mail {
        void send(KeycloakSession session, RealmModel realm, UserModel owner, AppCredentialModel credential) throws EmailException;
    }

    private Delivery() {
    }

    /** A mail to an owner (about one or several of their credentials). */
    @FunctionalInterface
    interface OwnerMail {
        void send(KeycloakSession session, RealmModel realm, UserModel owner) throws EmailException;
    }

    /** Sends the claimed mail; on {@link Outcome#FAILED} (and, if asked, on {@link Outcome#NOT_MAILABLE}) runs {@code giveBack}. */
    static Outcome send(KeycloakSessionFactory factory, String realmId, String realmName, String credentialId, AppCredentialMetrics.Mail type,
                        Mail mail, KeycloakSessionTask giveBack, boolean giveBackIfNotMailable) {
        return deliver(factory, realmId, realmName, "application credential " + credentialId, type, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            AppCredentialModel credential = realm == null ? null : s.getProvider(AppCredentialProvider.class).getById(realm, credentialId);
            if (credential == null) {
                return null;
            }
            s.getContext().setRealm(realm);
            UserModel owner = s.users().getUserById(realm, credential.getUserId());
            return owner == null ? null : (session, r, u) -> mail.send(session, r, u, credential);
        }, credentialOwner(realmId, credentialId), giveBack, giveBackIfNotMailable);
    }

    /**
     * Sends a claimed mail to an owner about {@code about} (for the log: "application credential ac_…", or several);
     * on {@link Outcome#FAILED} runs {@code giveBack}.
     */
    static Outcome sendToOwner(KeycloakSessionFactory factory, String realmId, String realmName, String ownerId, String about,
                               AppCredentialMetrics.Mail type, OwnerMail mail, KeycloakSessionTask giveBack) {
        return deliver(factory, realmId, realmName, about, type, s -> mail, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            return realm == null ? null : s.users().getUserById(realm, ownerId);
        }, giveBack, false);
    }

    private static java.util.function.Function<KeycloakSession, UserModel> credentialOwner(String realmId, String credentialId) {
        return s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            AppCredentialModel credential = realm == null ? null : s.getProvider(AppCredentialProvider.class).getById(realm, credentialId);
            return credential == null ? null : s.users().getUserById(realm, credential.getUserId());
        };
    }

    private static Outcome deliver(KeycloakSessionFactory factory, String realmId, String realmName, String about, AppCredentialMetrics.Mail type,
                                   java.util.function.Function<KeycloakSession, OwnerMail> prepare,
                                   java.util.function.Function<KeycloakSession, UserModel> owner,
                                   KeycloakSessionTask giveBack, boolean giveBackIfNotMailable) {
        Outcome outcome;
        try {
            outcome = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) {
                    return Outcome.NOT_MAILABLE;
                }
                s.getContext().setRealm(realm);
                OwnerMail mail = prepare.apply(s);
                UserModel user = mail == null ? null : owner.apply(s);
                if (!AppCredentialMail.canMail(realm, user)) {
                    return Outcome.NOT_MAILABLE;
                }
                try {
                    mail.send(s, realm, user);
                } catch (EmailException e) {
                    throw new SendFailed(e);
                }
                return Outcome.SENT;
            });
        } catch (RuntimeException e) {
            Throwable cause = e instanceof SendFailed ? e.getCause() : e;
            LOG.warnf("Could not send the %s mail about %s in realm %s (retried on the next run): %s", type.value(), about, realmName, cause);
            LOG.debugf(cause, "Mail about %s", about);
            outcome = Outcome.FAILED;
        }
        if (outcome == Outcome.SENT) {
            LOG.debugf("Sent the %s mail about %s in realm %s", type.value(), about, realmName);
            AppCredentialMetrics.of(factory).mailSent(realmId, realmName, type);
        } else if (outcome == Outcome.FAILED) {
            AppCredentialMetrics.of(factory).mailFailed(realmId, realmName, type);
        }
        if (outcome == Outcome.FAILED || outcome == Outcome.NOT_MAILABLE && giveBackIfNotMailable) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, giveBack);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not record that the %s mail about %s is still to be sent", type.value(), about);
            }
        }
        return outcome;
    }

    /** An {@link EmailException} through a task that cannot throw checked exceptions. */
    private static final class SendFailed extends RuntimeException {
        SendFailed(EmailException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
