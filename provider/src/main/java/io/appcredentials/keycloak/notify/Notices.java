package io.appcredentials.keycloak.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.PendingNotice;
import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * The "new credential" mail (policy {@code notifyOnCreate}): when a credential is created for a user or its secret
 * regenerated, the owner is told who did it, from which address, and what to do if it was not them.
 *
 * <p>The mail owed is recorded on the credential in the transaction that creates or regenerates it; once that
 * transaction has committed, a background thread sends what the owner is owed, so the user's request neither waits for
 * the SMTP server nor fails with it. A mail that could not be sent stays recorded and the mail job of the next interval
 * retries it ({@link ExpiryReminderTask}).
 *
 * <p>At most one such mail per owner per interval ({@code notice-interval-seconds}, 10 minutes by default): the first
 * goes at once; what is created or regenerated after it, within the interval, waits until the interval has passed and
 * then goes in one mail that lists every credential. So a burst of creations makes two mails, not one per creation.
 * The owner's row lock serializes the senders of every node: each notice is sent once, and the interval holds across
 * the cluster.
 */
public final class Notices {

    static final String EXECUTOR = "app-credentials-mail";
    private static final Logger LOG = Logger.getLogger(Notices.class);
    /** The interval where no server owns notices (unit tests): the option's default. */
    private static final long DEFAULT_INTERVAL_MILLIS = 600_000L;

    /**
     * The provider factory that owns this server's notices (the extension's lifecycle factory, event listener
     * {@value AppCredentialMetrics#OWNER_ID}): it makes them at start-up and shuts their timer down at shutdown.
     */
    public interface Owner {
        Notices notices();
    }

    private final long intervalMillis;
    /** Owners (realm id + owner id) whose held-back notices this node will send when their interval has passed. */
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService later;
    private boolean shutDown;

    /** This server's notices, at most one mail per owner each {@code intervalSeconds} (notice-interval-seconds). */
    public Notices(long intervalSeconds) {
        this.intervalMillis = intervalSeconds * 1000L;
    }

    /** The notices of this server, owned by the lifecycle factory; null where none owns them. */
    static Notices of(KeycloakSessionFactory factory) {
        return factory.getProviderFactory(EventListenerProvider.class, AppCredentialMetrics.OWNER_ID) instanceof Owner owner
                ? owner.notices() : null;
    }

    /** Stops the timer of held-back notices (at shutdown; the mail job sends them after the next start). */
    public synchronized void shutdown() {
        shutDown = true;
        if (later != null) {
            later.shutdownNow();
            later = null;
        }
        scheduled.clear();
    }

    private synchronized ScheduledExecutorService later() {
        if (shutDown) {
            throw new RejectedExecutionException("shut down");
        }
        if (later == null) {
            later = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "app-credentials-notices");
                t.setDaemon(true);
                return t;
            });
        }
        return later;
    }

    /**
     * Records the mail owed for a credential just created or regenerated in the session's transaction (when the
     * policy asks for it and the owner can be mailed), and sends what the owner is owed after the commit.
     *
     * @param administrator the administrator who did it for the owner; null for the owner themselves
     */
    public static void issued(KeycloakSession session, RealmModel realm, AppCredentialModel credential, PendingNotice.Kind kind,
                              UserModel administrator) {
        UserModel actor = administrator;
        boolean byAdmin = administrator != null;
        if (!AppCredentialMail.realmCanMail(realm) || !RealmPolicy.of(realm).notifyOnCreate()) {
            return;
        }
        UserModel owner = session.users().getUserById(realm, credential.getUserId());
        if (!AppCredentialMail.canMail(realm, owner)) {
            return;
        }
        UserModel who = actor == null ? owner : actor;
        String ip = session.getContext().getConnection() == null ? null : session.getContext().getConnection().getRemoteAddr();
        credential.setPendingNotice(new PendingNotice(kind, truncate(who.getUsername(), 255), byAdmin, truncate(ip, 64), Time.currentTimeMillis()));

        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String realmName = realm.getName();
        String ownerId = credential.getUserId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR)
                            .execute(() -> deliver(factory, realmId, realmName, ownerId));
                } catch (RuntimeException e) {
                    // never the user's problem: the mail job sends it
                    LOG.debugf(e, "The mail owed to user %s is left to the next run", ownerId);
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** What one sender took: the owner's notices to send now, or when the owner may be mailed again. */
    private record Claim(List<Claimed> notices, long holdUntil) {
    }

    private record Claimed(String credentialId, PendingNotice notice, Long sentBefore) {
    }

    /**
     * Sends the notices owed to the owner, in one mail, unless the owner was mailed one within the interval: then they
     * wait until it has passed (this node sends them then; the mail job otherwise). Returns {@code null} when they wait.
     */
    static Delivery.Outcome deliver(KeycloakSessionFactory factory, String realmId, String realmName, String ownerId) {
        Claim claim;
        try {
            Notices notices = of(factory);
            long interval = notices == null ? DEFAULT_INTERVAL_MILLIS : notices.intervalMillis;
            claim = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> claim(s, realmId, ownerId, Time.currentTimeMillis(), interval));
        } catch (RuntimeException e) {
            LOG.warnf("Could not claim the mails owed to user %s (retried on the next run): %s", ownerId, e);
            return Delivery.Outcome.FAILED;
        }
        if (claim == null || claim.notices().isEmpty() && claim.holdUntil() == 0) {
            return Delivery.Outcome.NOT_MAILABLE; // sent by someone else, or nothing owed
        }
        if (claim.notices().isEmpty()) {
            Notices notices = of(factory);
            if (notices != null) {
                notices.sendLater(factory, realmId, realmName, ownerId, claim.holdUntil());
            } // else: no timer on this server, the mail job sends them
            return null;
        }
        List<Claimed> claimed = claim.notices();
        boolean anyCreated = claimed.stream().anyMatch(c -> c.notice().kind() == PendingNotice.Kind.CREATED);
        AppCredentialMetrics.Mail type = anyCreated ? AppCredentialMetrics.Mail.CREATED : AppCredentialMetrics.Mail.REGENERATED;
        String about = (claimed.size() == 1 ? "application credential " : "application credentials ")
                + String.join(", ", claimed.stream().map(Claimed::credentialId).toList());
        // an owner who cannot be mailed any more is not mailed later either: the notices are dropped
        return Delivery.sendToOwner(factory, realmId, realmName, ownerId, about, type, (s, realm, owner) -> {
            AppCredentialProvider credentials = s.getProvider(AppCredentialProvider.class);
            List<AppCredentialMail.Noticed> noticed = new ArrayList<>();
            for (Claimed c : claimed) {
                AppCredentialModel credential = credentials.getById(realm, c.credentialId());
                if (credential != null) {
                    noticed.add(new AppCredentialMail.Noticed(credential, c.notice()));
                }
            }
            if (!noticed.isEmpty()) {
                AppCredentialMail.sendNotices(s, realm, owner, noticed);
            }
        }, s -> giveBack(s, realmId, ownerId, claimed));
    }

    /** After a failed send: the notices are owed again, and the owner counts as not mailed (unless newer ones came meanwhile). */
    private static void giveBack(KeycloakSession s, String realmId, String ownerId, List<Claimed> claimed) {
        RealmModel realm = s.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        for (AppCredentialModel c : s.getProvider(AppCredentialProvider.class).lockOwnerAndListAll(realm, ownerId)) {
            for (Claimed taken : claimed) {
                if (taken.credentialId().equals(c.getId()) && c.getPendingNotice() == null) {
                    c.setPendingNotice(taken.notice());
                    c.setNoticeSentAt(taken.sentBefore());
                }
            }
        }
    }

    /**
     * Under the owner's lock: the notices owed, taken (cleared and marked sent now) when the owner may be mailed now;
     * else none, and when they may. Null when nothing is owed.
     */
    private static Claim claim(KeycloakSession s, String realmId, String ownerId, long now, long intervalMillis) {
        RealmModel realm = s.realms().getRealm(realmId);
        if (realm == null) {
            return null;
        }
        s.getContext().setRealm(realm);
        List<AppCredentialModel> all = s.getProvider(AppCredentialProvider.class).lockOwnerAndListAll(realm, ownerId);
        // the idle mail is the mail job's, one per credential (IdleRetirement)
        List<AppCredentialModel> owed = all.stream().filter(c -> c.getPendingNotice() != null && c.getPendingNotice().kind() != PendingNotice.Kind.IDLE)
                .sorted(Comparator.comparingLong(c -> c.getPendingNotice().at())).toList();
        if (owed.isEmpty()) {
            return null;
        }
        long lastSent = all.stream().map(AppCredentialModel::getNoticeSentAt).filter(t -> t != null).mapToLong(Long::longValue).max().orElse(0L);
        if (lastSent > 0 && now < lastSent + intervalMillis) {
            return new Claim(List.of(), lastSent + intervalMillis);
        }
        List<Claimed> claimed = new ArrayList<>();
        for (AppCredentialModel c : owed) {
            claimed.add(new Claimed(c.getId(), c.getPendingNotice(), c.getNoticeSentAt()));
            c.setPendingNotice(null);
            c.setNoticeSentAt(now);
        }
        return new Claim(claimed, 0);
    }

    /** Sends the owner's held-back notices once {@code at} has come, on this node (once per owner at a time). */
    private void sendLater(KeycloakSessionFactory factory, String realmId, String realmName, String ownerId, long at) {
        String key = realmId + "/" + ownerId;
        if (!scheduled.add(key)) {
            return;
        }
        try {
            later().schedule(() -> {
                scheduled.remove(key);
                deliver(factory, realmId, realmName, ownerId);
            }, Math.max(0, at - Time.currentTimeMillis()) + 50, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            scheduled.remove(key); // shutting down: the mail job sends them after the next start
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
