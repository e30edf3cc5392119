package io.appcredentials.keycloak.model.cache;

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
 * own counts, so the counts of a cluster add up.
 */
public final class UsageBuffer {

    private static final Logger LOG = Logger.getLogger(UsageBuffer.class);

    private static final class Usage {
        final AtomicLong count = new AtomicLong();
        volatile long lastAt;
        volatile String lastIp;
    }

    private final ConcurrentHashMap<String, Usage> pending = new ConcurrentHashMap<>();

    void record(String credentialId, long at, String ip) {
        Usage usage = pending.computeIfAbsent(credentialId, k -> new Usage());
        usage.lastAt = at;
        usage.lastIp = ip;
        usage.count.incrementAndGet();
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
                            JpaAppCredentialProviderFactory.PROVIDER_ID).addUses(id, usage.lastAt, usage.lastIp, uses));
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
