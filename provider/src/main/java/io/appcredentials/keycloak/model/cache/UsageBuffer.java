package io.appcredentials.keycloak.model.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.jpa.JpaAppCredentialProviderFactory;

/**
 * Last use of credentials without a database write per token request: uses are counted in memory on each node
 * and added to the rows by a periodic flush (one update per used credential per interval, {@code useCount =
 * useCount + n}), so a burst of parallel logins with one credential never contends on its row. Each node flushes its
 * own counts, so the counts of a cluster add up. The source addresses seen are kept the same way (the newest few
 * per credential, to the second) and merged into the credential's recent uses by the flush.
 */
public final class UsageBuffer {

    private static final Logger LOG = Logger.getLogger(UsageBuffer.class);

    /** Distinct addresses kept per credential between flushes: as many as the stored list keeps. */
    private static final int MAX_SEEN = 5;
    /** A repeated address is written to the map at most once a second (a read, not a write, on most requests). */
    private static final long SEEN_PRECISION_MILLIS = 1000;

    private static final class Usage {
        final AtomicLong count = new AtomicLong();
        volatile long lastAt;
        volatile String lastIp;
        final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>(4);
    }

    private final ConcurrentHashMap<String, Usage> pending = new ConcurrentHashMap<>();

    void record(String credentialId, long at, String ip) {
        Usage usage = pending.computeIfAbsent(credentialId, k -> new Usage());
        usage.lastAt = at;
        usage.lastIp = ip;
        usage.count.incrementAndGet();
        if (ip != null) {
            Long previous = usage.seen.get(ip);
            if (previous == null) {
                if (usage.seen.size() >= MAX_SEEN) {
                    evictOldest(usage.seen);
                }
                usage.seen.put(ip, at);
            } else if (at - previous >= SEEN_PRECISION_MILLIS) {
                usage.seen.put(ip, at);
            }
        }
    }

    /** A new address pushes out the one seen longest ago: only the newest few can be among the stored ones. */
    private static void evictOldest(ConcurrentHashMap<String, Long> seen) {
        Map.Entry<String, Long> oldest = null;
        for (Map.Entry<String, Long> e : seen.entrySet()) {
            if (oldest == null || e.getValue() < oldest.getValue()) {
                oldest = e;
            }
        }
        if (oldest != null) {
            seen.remove(oldest.getKey(), oldest.getValue());
        }
    }

    /** The addresses seen, with the last use's address at the last use's time (the map keeps whole seconds). */
    private static Map<String, Long> seenFrom(Usage usage) {
        Map<String, Long> out = new HashMap<>(usage.seen);
        if (usage.lastIp != null) {
            out.merge(usage.lastIp, usage.lastAt, Math::max);
        }
        return out;
    }

    /**
     * Writes the pending counts, each credential in a short transaction of its own, so that the flush never holds
     * more than one credential's row lock (it cannot take part in a deadlock with a bulk revoke). A count that
     * cannot be written is logged and dropped.
     */
    public void flush(KeycloakSessionFactory factory) {
        for (String id : pending.keySet()) {
            Usage usage = pending.remove(id);
            long uses = usage == null ? 0 : usage.count.get();
            if (uses > 0) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(AppCredentialProvider.class,
                            JpaAppCredentialProviderFactory.PROVIDER_ID).addUses(id, usage.lastAt, usage.lastIp, uses, seenFrom(usage)));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Could not record %d use(s) of application credential %s", uses, id);
                }
            }
        }
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }
}
