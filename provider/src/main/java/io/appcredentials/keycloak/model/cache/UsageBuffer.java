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

    /** A use of a previous secret: when, and the token generation of that previous secret. */
    private record PreviousUse(long at, int generation) {
    }

    /** The last use of each credential's previous secret since the last flush. */
    private final ConcurrentHashMap<String, PreviousUse> pendingPrevious = new ConcurrentHashMap<>();

    /** Records a use of a credential's previous secret (the use itself is counted by {@link #record}). */
    void recordPrevious(String credentialId, long at, int generation) {
        pendingPrevious.merge(credentialId, new PreviousUse(at, generation),
                (old, now) -> now.generation() > old.generation() || now.generation() == old.generation() && now.at() >= old.at() ? now : old);
    }

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
        for (String id : pendingPrevious.keySet()) {
            PreviousUse use = pendingPrevious.remove(id);
            if (use != null) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(AppCredentialProvider.class,
                            JpaAppCredentialProviderFactory.PROVIDER_ID).addPreviousUse(id, use.generation(), use.at()));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Could not record a use of the previous secret of application credential %s", id);
                }
            }
        }
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
        return pending.isEmpty() && pendingPrevious.isEmpty();
    }
}
