package io.appcredentials.keycloak.model.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RoleContainerModel;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.AppCredentialProviderFactory;
import io.appcredentials.keycloak.model.AppCredentialSpi;
import io.appcredentials.keycloak.model.jpa.JpaAppCredentialProviderFactory;

/**
 * The {@code default} provider of the {@code app-credentials} SPI, chosen over {@code jpa} by its {@link #order()}:
 * the cache layer ({@link CachingAppCredentialProvider}) over the {@code jpa} provider. It owns this node's lease
 * cache and usage buffer, and writes the buffered uses once more when the server stops.
 *
 * <p>The extension's server options live in its namespace, {@code --spi-app-credentials--default--…}, the intervals
 * of the background jobs included; the jobs themselves run in the lifecycle factory (package {@code lifecycle}),
 * which reads their intervals here and reports their runs here, so that the server info of this provider shows them.
 */
public class CachingAppCredentialProviderFactory implements AppCredentialProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "default";
    /** Where the interval options lived before this SPI existed (read for one more release, with a warning). */
    private static final String[] LEGACY_SCOPE = { "eventsListener", "app-credentials" };
    private static final Logger LOG = Logger.getLogger(CachingAppCredentialProviderFactory.class);

    private long purgeIntervalSeconds = 3600;
    private long usageFlushIntervalSeconds = 30;
    private long cacheMaxEntries = 100_000;
    private long cacheMaxIdleSeconds = 3600;
    private long reminderIntervalSeconds = 3600;
    private long noticeIntervalSeconds = 600;

    private final UsageBuffer usage = new UsageBuffer();
    private final DurableUses durable = new DurableUses();
    private final Map<String, LongSupplier> jobRuns = new ConcurrentHashMap<>();
    private volatile LeaseCache leases;
    private volatile KeycloakSessionFactory sessionFactory;

    @Override
    public AppCredentialProvider create(KeycloakSession session) {
        AppCredentialProvider jpa = session.getProvider(AppCredentialProvider.class, JpaAppCredentialProviderFactory.PROVIDER_ID);
        return new CachingAppCredentialProvider(session, jpa, leases(session), usage, durable);
    }

    /** This node's lease cache, opened on first use. */
    public LeaseCache leases(KeycloakSession session) {
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

    /** This node's uses counted and not written yet. */
    public UsageBuffer usage() {
        return usage;
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

    public long purgeIntervalSeconds() {
        return purgeIntervalSeconds;
    }

    public long usageFlushIntervalSeconds() {
        return usageFlushIntervalSeconds;
    }

    public long reminderIntervalSeconds() {
        return reminderIntervalSeconds;
    }

    public long noticeIntervalSeconds() {
        return noticeIntervalSeconds;
    }

    /** Shows how often a background job ran on this node, under {@code key}, in this provider's server info. */
    public void reportRuns(String key, LongSupplier runs) {
        jobRuns.put(key, runs);
    }

    /** A deleted role leaves the cached leases that grant it, on every node (see {@link CachingAppCredentialProvider}). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sessionFactory = factory;
        factory.register(event -> {
            if (event instanceof RoleContainerModel.RoleRemovedEvent removed
                    && removed.getKeycloakSession().getProvider(AppCredentialProvider.class) instanceof CachingAppCredentialProvider caching) {
                caching.roleRemoved(removed.getRole().getId());
            }
        });
    }

    /** Preferred over the {@code jpa} provider when no provider of the SPI is chosen by a server option. */
    @Override
    public int order() {
        return 100;
    }

    /** Writes the uses counted since the last flush. */
    @Override
    public void close() {
        KeycloakSessionFactory factory = sessionFactory;
        if (factory == null || usage.isEmpty()) {
            return;
        }
        try {
            usage.flush(factory);
            LOG.debug("Flushed application credential usage at shutdown");
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not write application credential usage at shutdown");
        }
    }

    /** Closed before the database and the caches it uses. */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, InfinispanConnectionProvider.class);
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
        info.put("reminderRuns", runs("reminderRuns"));
        info.put("noticeIntervalSeconds", Long.toString(noticeIntervalSeconds));
        info.put("purgeRuns", runs("purgeRuns"));
        info.put("cacheMaxEntries", Long.toString(cacheMaxEntries));
        LeaseCache cache = leases;
        info.put("cachedLeases", cache == null ? "0" : Integer.toString(cache.size()));
        jobRuns.forEach((key, runs) -> info.putIfAbsent(key, Long.toString(runs.getAsLong())));
        return info;
    }

    private String runs(String key) {
        LongSupplier runs = jobRuns.get(key);
        return runs == null ? "0" : Long.toString(runs.getAsLong());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
