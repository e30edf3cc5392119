package io.appcredentials.keycloak.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.Provider;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.boundary.AppCredentialTokenBoundary;
import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.cache.AppCredentialInvalidationEvent;
import io.appcredentials.keycloak.model.cache.CachingAppCredentialProvider;
import io.appcredentials.keycloak.model.cache.CachingAppCredentialProviderFactory;
import io.appcredentials.keycloak.model.cache.LeaseCache;
import io.appcredentials.keycloak.notify.ExpiryReminderTask;
import io.appcredentials.keycloak.notify.Notices;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.secret.SecretRedaction;

/**
 * The extension's duties once per server, and the server's state ({@link AppCredentialMetrics.Owner},
 * {@link AppCredentialTokenBoundary.Owner}). Between {@link #postInit} and {@link #close} it runs:
 * <ul>
 *   <li>the log filter that keeps credential secrets out of the server log (JVM-wide, installed once);</li>
 *   <li>cache invalidation messages from every node of the cluster, handed to the cache layer;</li>
 *   <li>the usage flush (every {@code usage-flush-interval-seconds});</li>
 *   <li>the retention purge (every {@code purge-interval-seconds}, on one node of the cluster per interval);</li>
 *   <li>the mail job: expiry reminders and "new credential" mails not sent yet (every
 *       {@code reminder-interval-seconds}, on one node of the cluster per interval);</li>
 *   <li>the realm set-up: every realm but the master realm gets its default application, at creation or, for
 *       realms that existed before, at start-up;</li>
 *   <li>forgetting a removed realm's metrics.</li>
 * </ul>
 *
 * <p>Keycloak has no SPI for "runs once per server"; this is a provider factory of the event listener SPI, whose
 * factories live for the server's lifetime, with a global listener that does nothing. Its intervals are options of the
 * storage SPI's {@code default} provider ({@code --spi-app-credentials--default--…}, where they have been since that
 * SPI exists), read from that factory, which also shows the jobs' runs in its server info.
 */
public class AppCredentialsLifecycleFactory implements EventListenerProviderFactory, AppCredentialMetrics.Owner, Notices.Owner,
        AppCredentialTokenBoundary.Owner {

    public static final String PROVIDER_ID = "app-credentials-lifecycle";
    static final String USAGE_TASK = "app-credentials-usage-flush";
    static final String PURGE_TASK = "app-credentials-purge";
    static final String REMINDER_TASK = "app-credentials-reminders";
    private static final Logger LOG = Logger.getLogger(AppCredentialsLifecycleFactory.class);

    /** The listener of every session: this factory reacts to no event. */
    private static final EventListenerProvider NOTHING = new EventListenerProvider() {
        @Override
        public void onEvent(Event event) {
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
        }

        @Override
        public void close() {
        }
    };

    private volatile AppCredentialMetrics metrics = AppCredentialMetrics.OFF;
    private volatile Notices notices;
    private final AppCredentialTokenBoundary.InForce boundary = new AppCredentialTokenBoundary.InForce();
    private final ExpiryReminderTask reminders = new ExpiryReminderTask();
    private volatile KeycloakSessionFactory sessionFactory;
    private volatile boolean started;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return NOTHING;
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        // counters on Keycloak's metrics registry, as its own providers decide it (--metrics-enabled)
        metrics = AppCredentialMetrics.forServer(config.root().getBoolean("metrics-enabled", false));
    }

    /** This server's counters. */
    @Override
    public AppCredentialMetrics metrics() {
        return metrics;
    }

    /** This server's "new credential" notices (their interval and the timer of held-back ones). */
    @Override
    public Notices notices() {
        return notices;
    }

    /** Whether the scope boundary of credential tokens is in force on this server. */
    @Override
    public AppCredentialTokenBoundary.InForce boundary() {
        return boundary;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sessionFactory = factory;
        SecretRedaction.installLogFilter();
        CachingAppCredentialProviderFactory storage = storage(factory);
        if (storage != null) {
            notices = new Notices(storage.noticeIntervalSeconds());
            storage.reportRuns("reminderRuns", reminders::runs);
        }
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created && !isAdminRealm(created.getCreatedRealm())) {
                DefaultApplication.createIfMissing(created.getKeycloakSession(), created.getCreatedRealm());
            }
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                metrics.forgetRealm(removed.getRealm().getId());
            }
            if (event instanceof PostMigrationEvent) {
                start(factory);
            }
        });
    }

    /** The storage SPI's default factory, whose options and caches the jobs use; null if it is not deployed. */
    private static CachingAppCredentialProviderFactory storage(KeycloakSessionFactory factory) {
        return factory.getProviderFactory(AppCredentialProvider.class, CachingAppCredentialProviderFactory.PROVIDER_ID)
                instanceof CachingAppCredentialProviderFactory caching ? caching : null;
    }

    private void start(KeycloakSessionFactory factory) {
        createMissingApplications(factory);
        CachingAppCredentialProviderFactory storage = storage(factory);
        if (storage == null) {
            LOG.warn("The app-credentials storage provider 'default' is not deployed: no background jobs run");
            return;
        }
        try (KeycloakSession session = factory.create()) {
            LeaseCache cache = storage.leases(session);
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster != null) {
                cluster.registerListener(CachingAppCredentialProvider.CLUSTER_TASK, event -> {
                    if (event instanceof AppCredentialInvalidationEvent invalidation) {
                        CachingAppCredentialProvider.onInvalidation(cache, invalidation);
                    }
                });
            } else {
                LOG.warn("No cluster provider: application credential cache invalidation stays local to this node");
            }
            TimerProvider timer = session.getProvider(TimerProvider.class);
            long usageMillis = storage.usageFlushIntervalSeconds() * 1000;
            long purgeMillis = storage.purgeIntervalSeconds() * 1000;
            long reminderMillis = storage.reminderIntervalSeconds() * 1000;
            timer.schedule(() -> storage.usage().flush(factory), usageMillis, USAGE_TASK);
            OncePerInterval purgeJob = new AppCredentialsPurge(purgeMillis);
            storage.reportRuns("purgeRuns", purgeJob::runs);
            timer.schedule(new ClusterAwareScheduledTaskRunner(factory, purgeJob, purgeMillis), purgeMillis, PURGE_TASK);
            timer.schedule(new ClusterAwareScheduledTaskRunner(factory, new AppCredentialsMailJob(reminderMillis, reminders), reminderMillis),
                    reminderMillis, REMINDER_TASK);
        }
        started = true;
    }

    /** The retention purge, on one node of the cluster per interval. */
    static final class AppCredentialsPurge extends OncePerInterval {
        AppCredentialsPurge(long intervalMillis) {
            super(PURGE_TASK, intervalMillis, AppCredentialsLifecycleFactory::purge);
        }
    }

    /** The mail job, on one node of the cluster per interval. */
    static final class AppCredentialsMailJob extends OncePerInterval {
        AppCredentialsMailJob(long intervalMillis, ExpiryReminderTask reminders) {
            super(REMINDER_TASK, intervalMillis, reminders);
        }
    }

    /** Deletes revoked and expired credentials past each realm's retention. */
    static void purge(KeycloakSession session) {
        AppCredentialProvider credentials = session.getProvider(AppCredentialProvider.class);
        long now = Time.currentTimeMillis();
        session.realms().getRealmsStream().forEach(realm -> {
            int purged = credentials.purge(realm, now - RealmPolicy.of(realm).retentionDays() * 86_400_000L);
            if (purged > 0) {
                LOG.infof("Purged %d revoked or expired application credential(s) in realm %s", purged, realm.getName());
            }
        });
    }

    private static boolean isAdminRealm(RealmModel realm) {
        return Config.getAdminRealm().equals(realm.getName());
    }

    /** Realms that existed before the extension was installed get their default application at start-up. */
    private static void createMissingApplications(KeycloakSessionFactory factory) {
        List<String> realmIds = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, s -> s.realms().getRealmsStream()
                .filter(r -> !isAdminRealm(r) && r.getClientByClientId(DefaultApplication.CLIENT_ID) == null)
                .forEach(r -> realmIds.add(r.getId())));
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    RealmModel realm = s.realms().getRealm(realmId);
                    s.getContext().setRealm(realm);
                    DefaultApplication.createIfMissing(s, realm);
                });
            } catch (RuntimeException e) {
                // another node of the cluster created it at the same moment
                LOG.debugf(e, "Default application of realm %s not created at start-up", realmId);
            }
        }
    }

    /**
     * Stops the background duties. The uses counted since the last flush are written by the storage factory when it
     * closes, after this one (which depends on it).
     */
    @Override
    public void close() {
        KeycloakSessionFactory factory = sessionFactory;
        if (factory == null || !started) {
            return;
        }
        started = false;
        Notices held = notices;
        if (held != null) {
            held.shutdown();
        }
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (timer != null) {
                timer.cancelTask(USAGE_TASK);
                timer.cancelTask(PURGE_TASK);
                timer.cancelTask(REMINDER_TASK);
            }
        } catch (RuntimeException e) {
            LOG.debugf(e, "Timers of application credentials not cancelled at shutdown");
        }
    }

    /** Closed before the storage, the database, the timers and the caches it uses. */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(AppCredentialProvider.class, JpaConnectionProvider.class, TimerProvider.class, ClusterProvider.class,
                InfinispanConnectionProvider.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
