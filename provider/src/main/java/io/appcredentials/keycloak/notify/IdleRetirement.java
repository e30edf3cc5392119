package io.appcredentials.keycloak.notify;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * Idle retirement (policy {@code maxIdleDays}), a part of the mail job ({@link ExpiryReminderTask}, one node per
 * interval). In each realm with the policy on:
 * <ul>
 *   <li>credentials that are active, unexpired, and neither activated nor used since {@code now - maxIdleDays - 1 h}
 *       are disabled with the reason {@code idle}, each by its own conditional update that checks that again on the
 *       row as committed (so a use that the token path wrote durably first keeps it, and of several nodes or runs
 *       exactly one retires it); their tokens end, every node forgets their lease, a {@code DISABLE} event with
 *       {@code reason=idle} is written and the metric counted; the mail is owed on the row and sent below;</li>
 *   <li>where the realm can mail: the "disabled as idle" mails owed (taken by a conditional update, given back on a
 *       failed send), and the warnings {@link RealmPolicy#idleWarningDays} days ahead, claimed once per idle period
 *       (the basis, max of last use and activation, recorded by a conditional update, released on a failed send).</li>
 * </ul>
 * The hour of margin in the cut covers the token path's durable-use window (a node writes a use at most 50 minutes
 * after the one before it wrote) and clock differences between nodes.
 */
final class IdleRetirement {

    static final int BATCH = ExpiryReminderTask.BATCH;
    static final long DAY = 86_400_000L;
    static final long MARGIN = 3_600_000L;
    /** The {@code operation} detail of a credential event (as the REST layer writes it) and the credential detail. */
    static final String OPERATION = "app_credential_operation";
    static final String CREDENTIAL = "app_credential";
    static final String APPLICATION = "app_credential_application";
    static final String REASON_IDLE = "idle";
    private static final Logger LOG = Logger.getLogger(IdleRetirement.class);

    private IdleRetirement() {
    }

    /** Retires the realm's idle credentials (and, when it can mail, sends the idle mails and warnings). */
    static void run(KeycloakSessionFactory factory, String realmId, String realmName) {
        Integer days = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel r = s.realms().getRealm(realmId);
            return r == null ? null : RealmPolicy.of(r).maxIdleDays();
        });
        if (days == null) {
            return;
        }
        long now = Time.currentTimeMillis();
        retire(factory, realmId, realmName, days, now);
        boolean canMail = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel r = s.realms().getRealm(realmId);
            return r != null && AppCredentialMail.realmCanMail(r);
        });
        if (canMail) {
            idleMails(factory, realmId, realmName, days, now);
            warnings(factory, realmId, realmName, days, now);
        }
    }

    private static void retire(KeycloakSessionFactory factory, String realmId, String realmName, int days, long now) {
        long cut = now - days * DAY - MARGIN;
        List<String> candidates = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel r = s.realms().getRealm(realmId);
            return r == null ? List.<String>of() : s.getProvider(AppCredentialProvider.class).idleCandidates(r, cut, now, BATCH);
        });
        for (String id : candidates) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    RealmModel r = s.realms().getRealm(realmId);
                    if (r == null) {
                        return;
                    }
                    s.getContext().setRealm(r);
                    AppCredentialProvider credentials = s.getProvider(AppCredentialProvider.class);
                    if (!credentials.retireIdle(id, cut, now)) {
                        return; // used meanwhile, changed, or retired by another node or run
                    }
                    AppCredentialModel c = credentials.getById(r, id);
                    if (c != null) {
                        event(s, r, c, days);
                    }
                    AppCredentialMetrics.afterCommit(s, r, AppCredentialMetrics.Change.RETIRED_IDLE, 1);
                });
            } catch (RuntimeException e) {
                LOG.warnf("Could not retire the idle application credential %s in realm %s (tried again on the next run): %s", id, realmName, e);
            }
        }
    }

    /** A {@code DISABLE} of the credential's owner's trail with {@code reason=idle} and no acting user. */
    private static void event(KeycloakSession s, RealmModel realm, AppCredentialModel c, int days) {
        EventBuilder event = new EventBuilder(realm, s)
                .event(EventType.CLIENT_UPDATE)
                .user(c.getUserId())
                .client(c.getId())
                .detail(CREDENTIAL, c.getId())
                .detail(OPERATION, "disable")
                .detail(Details.REASON, REASON_IDLE)
                .detail("app_credential_max_idle_days", Integer.toString(days));
        ClientModel application = realm.getClientById(c.getClientUuid());
        if (application != null) {
            event.detail(APPLICATION, application.getClientId());
        }
        event.success();
    }

    private static void idleMails(KeycloakSessionFactory factory, String realmId, String realmName, int days, long now) {
        List<String> owed = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel r = s.realms().getRealm(realmId);
            return r == null ? List.<String>of() : s.getProvider(AppCredentialProvider.class).withIdleNotice(r, BATCH);
        });
        for (String id : owed) {
            boolean claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    s -> s.getProvider(AppCredentialProvider.class).claimIdleNotice(id));
            if (!claimed) {
                continue;
            }
            Delivery.send(factory, realmId, realmName, id, AppCredentialMetrics.Mail.IDLE,
                    (s, r, owner, credential) -> AppCredentialMail.sendIdle(s, r, owner, credential, true, now, now),
                    s -> s.getProvider(AppCredentialProvider.class).releaseIdleNotice(id, now), false);
        }
    }

    /** What one warning is about, read before it is claimed. */
    private record Due(String id, long basis, Long previous) {
    }

    private static void warnings(KeycloakSessionFactory factory, String realmId, String realmName, int days, long now) {
        int ahead = RealmPolicy.idleWarningDays(days);
        long before = now - (long) (days - ahead) * DAY;
        List<Due> due = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel r = s.realms().getRealm(realmId);
            if (r == null) {
                return List.<Due>of();
            }
            s.getContext().setRealm(r);
            return s.getProvider(AppCredentialProvider.class).dueForIdleWarning(r, before, now, BATCH)
                    .filter(c -> {
                        UserModel owner = s.users().getUserById(r, c.getUserId());
                        return AppCredentialMail.canMail(r, owner);
                    })
                    .map(c -> new Due(c.getId(), basis(c), c.getIdleWarnedFor()))
                    .toList();
        });
        for (Due d : due) {
            boolean claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    s -> s.getProvider(AppCredentialProvider.class).claimIdleWarning(d.id(), d.basis()));
            if (!claimed) {
                continue; // another node or run warned about this idle period, or it was used or changed meanwhile
            }
            long retiresAt = d.basis() + days * DAY + MARGIN;
            Delivery.send(factory, realmId, realmName, d.id(), AppCredentialMetrics.Mail.IDLE_WARNING,
                    (s, r, owner, credential) -> AppCredentialMail.sendIdle(s, r, owner, credential, false, retiresAt, now),
                    s -> s.getProvider(AppCredentialProvider.class).releaseIdleWarning(d.id(), d.basis(), d.previous()), true);
        }
    }

    static long basis(AppCredentialModel c) {
        return c.getLastUsedAt() == null ? c.getActivatedAt() : Math.max(c.getLastUsedAt(), c.getActivatedAt());
    }
}
