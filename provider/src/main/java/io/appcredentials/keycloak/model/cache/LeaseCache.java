package io.appcredentials.keycloak.model.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;

import io.appcredentials.keycloak.model.AppCredentialLease;

/**
 * This node's cache of credential leases: a local Infinispan cache of Keycloak's cache manager, bounded by entry
 * count (least recently used go first) and by idle time. Correctness never depends on the bounds: every write to a
 * credential evicts its lease on every node. A load that raced with an eviction is not cached (the eviction counter
 * changed while it ran).
 */
public final class LeaseCache {

    static final String CACHE_NAME = "app-credentials-leases";

    private final Cache<String, AppCredentialLease> cache;
    private final AtomicLong evictions = new AtomicLong();

    private LeaseCache(Cache<String, AppCredentialLease> cache) {
        this.cache = cache;
    }

    /** Defines (once per node) and opens the local cache on Keycloak's own cache manager. */
    public static LeaseCache open(KeycloakSession session, long maxEntries, long maxIdleSeconds) {
        InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
        EmbeddedCacheManager manager = infinispan.getCache(InfinispanConnectionProvider.KEYS_CACHE_NAME).getCacheManager();
        synchronized (LeaseCache.class) {
            if (manager.getCacheConfiguration(CACHE_NAME) == null) {
                ConfigurationBuilder config = new ConfigurationBuilder();
                config.clustering().cacheMode(CacheMode.LOCAL);
                config.memory().maxCount(maxEntries);
                config.expiration().maxIdle(maxIdleSeconds, TimeUnit.SECONDS);
                config.statistics().enable();
                manager.defineConfiguration(CACHE_NAME, config.build());
            }
        }
        return new LeaseCache(manager.getCache(CACHE_NAME));
    }

    long stamp() {
        return evictions.get();
    }

    AppCredentialLease get(String id) {
        return cache.get(id);
    }

    /** Caches a lease loaded from the database, unless an eviction happened since {@code stamp}. */
    void putIfUnchanged(AppCredentialLease lease, long stamp) {
        if (evictions.get() == stamp) {
            cache.put(lease.id(), lease);
            if (evictions.get() != stamp) {
                cache.remove(lease.id());
            }
        }
    }

    void evict(String id) {
        evictions.incrementAndGet();
        cache.remove(id);
    }

    /** Forgets the leases that grant any of these roles (a scan of this node's cache: roles are rarely deleted). */
    void evictGranting(Collection<String> roleIds) {
        if (roleIds.isEmpty()) {
            return;
        }
        evictions.incrementAndGet();
        List<String> granting = new ArrayList<>();
        for (AppCredentialLease lease : cache.values()) {
            if (!Collections.disjoint(lease.roleIds(), roleIds)) {
                granting.add(lease.id());
            }
        }
        granting.forEach(cache::remove);
    }

    public void clear() {
        evictions.incrementAndGet();
        cache.clear();
    }

    public int size() {
        return cache.size();
    }
}
