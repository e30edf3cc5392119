package io.appcredentials.keycloak.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.boundary.AppCredentialTokenBoundary;
import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.AppCredentialProviderFactory;
import io.appcredentials.keycloak.model.AppCredentialSpi;
import io.appcredentials.keycloak.model.cache.AppCredentialInvalidationEvent;
import io.appcredentials.keycloak.model.cache.CachingAppCredentialProvider;
import io.appcredentials.keycloak.model.cache.LeaseCache;
import io.appcredentials.keycloak.model.cache.UsageBuffer;
import io.appcredentials.keycloak.model.jpa.JpaAppCredentialProviderFactory;
import io.appcredentials.keycloak.notify.ExpiryReminderTask;
import io.appcredentials.keycloak.notify.Notices;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.secret.SecretRedaction;

/**
 * The {@code default} provider of the {@code app-credentials} SPI and the extension's one lifecycle owner. Its
 * providers are the cache layer over the {@code jpa} provider. It owns this node's lease cache and usage buffer,
 * and between {@link #postInit} and {@link #close} it runs the extension's background duties:
 * <ul>
 *   <li>cache invalidation messages from every node of the cluster;</li>
 *   <li>the usage flush (every {@code usage-flush-interval-seconds}, and once more at shutdown);</li>
 *   <li>the retention purge (every {@code purge-interval-seconds}, on one node of the cluster per interval);</li>
 *   <li>the mail job: expiry reminders and "new credential" mails not sent yet (every
 *       {@code reminder-interval-seconds}, on one node of the cluster per interval);</li>
 *   <li>the realm set-up: every realm but the master realm gets its default application, at creation or, for
 *       realms that existed before, at start-up.</li>
 * </ul>
 */
public class DefaultAppCredentialProviderFactory implements AppCredentialProviderFactory, ServerInfoAwareProviderFactory,
        AppCredentialMetrics.Owner, AppCredentialTokenBoundary.Owner {

    public static final String PROVIDER_ID = "default";
    static final String USAGE_TASK = "app-credentials-usage-flush";
    static final String PURGE_TASK = "app-credentials-purge";
    static final String REMINDER_TASK = "app-credentials-reminders";
    /** Where the interval options lived before this SPI existed (read for one more release, with a warning). */
    private static final String[] LEGACY_SCOPE = { "eventsListener", "app-credentials" };
    private static final Logger LOG = Logger.getLogger(DefaultAppCredentialProviderFactory.class);

    private long purgeIntervalSeconds = 3600;
    private long usageFlushIntervalSeconds = 30;
    private long cacheMaxEntries = 100_000;
    private long cacheMaxIdleSeconds = 3600;
    private long reminderIntervalSeconds = 3600;
    private long noticeIntervalSeconds = 600;

    private final UsageBuffer usage = new UsageBuffer();
    private volatile AppCredentialMetrics metrics = AppCredentialMetrics.OFF;
    private final AppCredentialTokenBoundary.InForce boundary = new AppCredentialTokenBoundary.InForce();
    private final ExpiryReminderTask reminders = new ExpiryReminderTask();
    private volatile LeaseCache leases;
    private volatile KeycloakSessionFactory sessionFactory;
    private volatile boolean started;
    private volatile OncePerInterval purgeJob;
    private volatile OncePerInterval mailJob;

    @Override
    public AppCredentialProvider create(KeycloakSession session) {
        AppCredentialProvider jpa = session.getProvider(AppCredentialProvider.class, JpaAppCredentialProviderFactory.PROVIDER_ID);
        return new CachingAppCredentialProvider(session, jpa, leases(session), usage);
    }

    private LeaseCache leases(KeycloakSession session) {
        LeaseCache cache = leases;
        if (cache == null) {
            synchronized (this) {
                if (leases == null) {
                    leases = LeaseCache.open(session, cacheMaxEntries, cacheMaxIdleSeconds);
                }
                cache = leases;
            }
        }
        return cache;
    }

    /**
     * Options, e.g. {@code --spi-app-credentials--default--purge-interval-seconds=600}. The interval options were
     * {@code --spi-events-listener--app-credentials--…} before; those names still work for this release and log a
     * deprecation warning.
     */
    @Override
    public void init(Config.Scope config) {
        Config.Scope legacy = Config.scope(LEGACY_SCOPE);
        purgeIntervalSeconds = option(config, legacy, "purgeIntervalSeconds", "purge-interval-seconds", purgeIntervalSeconds);
        usageFlushIntervalSeconds = option(config, legacy, "usageFlushIntervalSeconds", "usage-flush-interval-seconds", usageFlushIntervalSeconds);
        cacheMaxEntries = config.getLong("cacheMaxEntries", cacheMaxEntries);
        cacheMaxIdleSeconds = config.getLong("cacheMaxIdleSeconds", cacheMaxIdleSeconds);
        reminderIntervalSeconds = config.getLong("reminderIntervalSeconds", reminderIntervalSeconds);
        noticeIntervalSeconds = config.getLong("noticeIntervalSeconds", noticeIntervalSeconds);
        if (purgeIntervalSeconds < 1 || usageFlushIntervalSeconds < 1 || cacheMaxEntries < 1 || cacheMaxIdleSeconds < 1
                || reminderIntervalSeconds < 1 || noticeIntervalSeconds < 1) {
            throw new IllegalArgumentException("app-credentials options must be positive numbers");
        }
        Notices.setInterval(noticeIntervalSeconds);
        // counters on Keycloak's metrics registry, as its own providers decide it (--metrics-enabled)
        metrics = AppCredentialMetrics.forServer(config.root().getBoolean("metrics-enabled", false));
    }

    private static long option(Config.Scope config, Config.Scope legacy, String name, String kebab, long defaultValue) {
        Long current = config.getLong(name);
        Long old = legacy.getLong(name);
        if (old != null) {
            LOG.warnf("--spi-events-listener--app-credentials--%s is deprecated and will be removed: use --spi-%s--%s--%s",
                    kebab, AppCredentialSpi.NAME, PROVIDER_ID, kebab);
        }
        return current != null ? current : old != null ? old : defaultValue;
    }

    /** This server's counters. */
    @Override
    public AppCredentialMetrics metrics() {
        return metrics;
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

    private void start(KeycloakSessionFactory factory) {
        createMissingApplications(factory);
        try (KeycloakSession session = factory.create()) {
            LeaseCache cache = leases(session);
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
            timer.schedule(() -> usage.flush(factory), usageFlushIntervalSeconds * 1000, USAGE_TASK);
            purgeJob = new AppCredentialsPurge(purgeIntervalSeconds * 1000);
            mailJob = new AppCredentialsMailJob(reminderIntervalSeconds * 1000, reminders);
            timer.schedule(new ClusterAwareScheduledTaskRunner(factory, purgeJob, purgeIntervalSeconds * 1000),
                    purgeIntervalSeconds * 1000, PURGE_TASK);
            timer.schedule(new ClusterAwareScheduledTaskRunner(factory, mailJob, reminderIntervalSeconds * 1000),
                    reminderIntervalSeconds * 1000, REMINDER_TASK);
        }
        started = true;
    }

    /** The retention purge, on one node of the cluster per interval. */
    static final class AppCredentialsPurge extends OncePerInterval {
        AppCredentialsPurge(long intervalMillis) {
            super(PURGE_TASK, intervalMillis, DefaultAppCredentialProviderFactory::purge);
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

    /** Stops the background duties and writes the uses counted since the last flush. */
    @Override
    public void close() {
        KeycloakSessionFactory factory = sessionFactory;
        if (factory == null || !started) {
            return;
        }
        started = false;
        Notices.shutdown();
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
        if (!usage.isEmpty()) {
            try {
                usage.flush(factory);
                LOG.debug("Flushed application credential usage at shutdown");
            } catch (RuntimeException e) {
                LOG.warnf(e, "Could not write application credential usage at shutdown");
            }
        }
    }

    /** Closed before the database, the timers and the caches it uses. */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, TimerProvider.class, ClusterProvider.class, InfinispanConnectionProvider.class);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("purgeIntervalSeconds").type("int").defaultValue(3600)
                .helpText("How often revoked and expired credentials past the realm's retention are purged (one node per interval)").add()
                .property().name("usageFlushIntervalSeconds").type("int").defaultValue(30)
                .helpText("How often each node writes the uses it counted (last use, use count)").add()
                .property().name("reminderIntervalSeconds").type("int").defaultValue(3600)
                .helpText("How often expiry reminders and unsent new-credential mails are sent (one node per interval)").add()
                .property().name("noticeIntervalSeconds").type("int").defaultValue(600)
                .helpText("The least time between two new-credential mails to one owner: what comes within it goes in one mail after it").add()
                .property().name("cacheMaxEntries").type("int").defaultValue(100_000)
                .helpText("Credentials each node keeps in its token-path cache (least recently used go first)").add()
                .property().name("cacheMaxIdleSeconds").type("int").defaultValue(3600)
                .helpText("How long an unused credential stays in the token-path cache").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("purgeIntervalSeconds", Long.toString(purgeIntervalSeconds));
        info.put("usageFlushIntervalSeconds", Long.toString(usageFlushIntervalSeconds));
        info.put("reminderIntervalSeconds", Long.toString(reminderIntervalSeconds));
        info.put("reminderRuns", Long.toString(reminders.runs()));
        info.put("noticeIntervalSeconds", Long.toString(noticeIntervalSeconds));
        OncePerInterval purges = purgeJob;
        info.put("purgeRuns", purges == null ? "0" : Long.toString(purges.runs()));
        info.put("cacheMaxEntries", Long.toString(cacheMaxEntries));
        LeaseCache cache = leases;
        info.put("cachedLeases", cache == null ? "0" : Integer.toString(cache.size()));
        return info;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
