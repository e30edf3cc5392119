package io.appcredentials.keycloak.token;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.appcredentials.keycloak.model.jpa.JpaAppCredentialStore;

/**
 * Last use of credentials without a database write per token request: uses are counted in memory on each node
 * and added to the rows by a periodic flush (one update per used credential per interval, {@code useCount =
 * useCount + n}), so a burst of parallel logins with one credential never contends on its row. Each node
 * flushes its own counts, so the counts of a cluster add up.
 */
public final class UsageTracker {

    private static final Logger LOG = Logger.getLogger(UsageTracker.class);

    private static final class Usage {
        final AtomicLong count = new AtomicLong();
        volatile long lastAt;
        volatile String lastIp;
    }

    private static final ConcurrentHashMap<String, Usage> PENDING = new ConcurrentHashMap<>();

    private UsageTracker() {
    }

    static void record(String credentialId, String ip) {
        Usage usage = PENDING.computeIfAbsent(credentialId, k -> new Usage());
        usage.lastAt = System.currentTimeMillis();
        usage.lastIp = ip;
        usage.count.incrementAndGet();
    }

    /**
     * Writes the pending counts, each credential in a short transaction of its own, so that the flush never
     * holds more than one credential's row lock (it cannot take part in a deadlock with a bulk revoke).
     */
    public static void flush(KeycloakSession session) {
        if (PENDING.isEmpty()) {
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        for (String id : PENDING.keySet()) {
            Usage usage = PENDING.remove(id);
            if (usage == null) {
                continue;
            }
            long uses = usage.count.get();
            if (uses > 0) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory,
                            s -> new JpaAppCredentialStore(s).recordUse(id, usage.lastAt, usage.lastIp, uses));
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Could not record %d use(s) of application credential %s", uses, id);
                }
            }
        }
        LOG.tracef("Flushed application credential usage");
    }
}
