package io.appcredentials.keycloak.notify;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * The mail job, run every {@code reminder-interval-seconds} on one node of the cluster at a time (Keycloak's
 * cluster-aware scheduled task; its name, this class's, is the same on every node). In every realm with an SMTP
 * server it
 * <ul>
 *   <li>mails each owner whose live credential came within one of the policy's {@code expiryReminderDays} of its
 *       expiry (one mail per threshold; the smallest one reached when several are), and once when it has expired,
 *       while it is still listed ({@code []} turns both off);</li>
 *   <li>sends the "new credential" mails that could not be sent when the credential was created or regenerated, or
 *       that wait because their owner was mailed one within the notice interval (one mail per owner).</li>
 * </ul>
 * Exactly once: before a mail is sent, the threshold (or the notice) is recorded on the credential by a conditional
 * update in a transaction of its own, which of several nodes, runs or retries only one can win; a failed send gives
 * the claim back for the next run. Should a node die between the claim and the send, that one mail is lost rather
 * than sent twice.
 */
public final class ExpiryReminderTask implements ScheduledTask {

    /** At most this many mails of each kind per realm and run; the rest go out on the next run. */
    static final int BATCH = 500;
    private static final long DAY = 86_400_000L;
    private static final Logger LOG = Logger.getLogger(ExpiryReminderTask.class);

    private final AtomicLong runs = new AtomicLong();

    /** How often the job ran on this node (it runs on one node per interval). */
    public long runs() {
        return runs.get();
    }

    @Override
    public void run(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        List<RealmRef> realms = session.realms().getRealmsStream()
                .filter(AppCredentialMail::realmCanMail)
                .map(r -> new RealmRef(r.getId(), r.getName()))
                .toList();
        for (RealmRef realm : realms) {
            try {
                pendingNotices(factory, realm);
                reminders(factory, realm);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Application credential mails of realm %s not sent in this run", realm.name());
            }
        }
        // idle retirement runs in every realm with maxIdleDays on, whether or not it can mail
        List<RealmRef> idle = session.realms().getRealmsStream()
                .filter(r -> RealmPolicy.of(r).maxIdleDays() != null)
                .map(r -> new RealmRef(r.getId(), r.getName()))
                .toList();
        for (RealmRef realm : idle) {
            try {
                IdleRetirement.run(factory, realm.id(), realm.name());
            } catch (RuntimeException e) {
                LOG.warnf(e, "Idle application credentials of realm %s not retired in this run", realm.name());
            }
        }
        runs.incrementAndGet();
    }

    private record RealmRef(String id, String name) {
    }

    /** What is due for one credential, read before it is claimed. */
    private record Due(String id, long expiresAt, int days, Integer previous) {
    }

    private static void pendingNotices(KeycloakSessionFactory factory, RealmRef realm) {
        List<String> owners = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel r = s.realms().getRealm(realm.id());
            if (r == null) {
                return List.<String>of();
            }
            s.getContext().setRealm(r);
            return s.getProvider(AppCredentialProvider.class).withPendingNotice(r, BATCH)
                    .map(AppCredentialModel::getUserId).distinct().toList();
        });
        for (String owner : owners) {
            // one mail per owner, with all that is owed to them (or later, when they were mailed within the interval)
            Notices.deliver(factory, realm.id(), realm.name(), owner);
        }
    }

    private static void reminders(KeycloakSessionFactory factory, RealmRef realm) {
        long now = Time.currentTimeMillis();
        List<Due> due = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel r = s.realms().getRealm(realm.id());
            if (r == null) {
                return List.<Due>of();
            }
            s.getContext().setRealm(r); // users are looked up in the realm's context (user profile, federation)
            List<Integer> thresholds = RealmPolicy.of(r).remindersLargestFirst();
            return s.getProvider(AppCredentialProvider.class).dueForReminder(r, thresholds, now, BATCH)
                    .filter(c -> mailable(s, r, c))
                    .map(c -> {
                        Integer days = dueThreshold(thresholds, c.getExpiresAt(), now, c.getReminderDays());
                        return days == null ? null : new Due(c.getId(), c.getExpiresAt(), days, c.getReminderDays());
                    })
                    .filter(Objects::nonNull)
                    .toList();
        });
        for (Due d : due) {
            boolean claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    s -> s.getProvider(AppCredentialProvider.class).claimReminder(d.id(), d.expiresAt(), d.days()));
            if (!claimed) {
                continue; // another node or run got there first, or the credential changed meanwhile
            }
            Delivery.send(factory, realm.id(), realm.name(), d.id(), d.days() == 0 ? AppCredentialMetrics.Mail.EXPIRED : AppCredentialMetrics.Mail.REMINDER,
                    (s, r, owner, credential) -> AppCredentialMail.sendExpiry(s, r, owner, credential, d.days(), now),
                    s -> s.getProvider(AppCredentialProvider.class).releaseReminder(d.id(), d.days(), d.previous()), true);
        }
    }

    /** Owners without a verified address are not mailed, and nothing is recorded: they get it once they have one. */
    private static boolean mailable(KeycloakSession session, RealmModel realm, AppCredentialModel credential) {
        UserModel owner = session.users().getUserById(realm, credential.getUserId());
        return AppCredentialMail.canMail(realm, owner);
    }

    /**
     * The threshold whose mail is due now, or null: 0 (the "expired" mail) once expired; otherwise the smallest of
     * the thresholds (days) that the expiry is within, unless its mail or a smaller one's was sent ({@code sent}).
     *
     * @param thresholds the policy's reminder days (none: nothing is ever due)
     * @param sent the smallest threshold mailed for this expiry, 0 for the "expired" mail, null for none
     */
    static Integer dueThreshold(List<Integer> thresholds, long expiresAt, long now, Integer sent) {
        if (thresholds.isEmpty()) {
            return null;
        }
        if (now >= expiresAt) {
            return sent == null || sent > 0 ? 0 : null;
        }
        Integer smallest = null;
        for (int days : thresholds) {
            if (expiresAt - now <= days * DAY && (smallest == null || days < smallest)) {
                smallest = days;
            }
        }
        return smallest != null && (sent == null || sent > smallest) ? smallest : null;
    }
}
