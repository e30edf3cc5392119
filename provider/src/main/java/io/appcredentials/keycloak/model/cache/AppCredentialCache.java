package io.appcredentials.keycloak.model.cache;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.appcredentials.keycloak.model.AppCredentialLease;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;

/**
 * What the token path asks of the storage beyond storage: leases from this node's cache and uses counted without a
 * database write. The {@code default} provider of the SPI is one ({@link CachingAppCredentialProvider}); with
 * another provider chosen, {@link #of} reads and writes through that one directly.
 */
public interface AppCredentialCache {

    /** What the token path needs to know about the credential, from this node's cache when it can; null if none. */
    AppCredentialLease getLease(RealmModel realm, String id);

    /** Counts one use: buffered on this node and written in batches, no database write here. */
    void recordUse(String id, long atMillis, String ip);

    /**
     * Counts one use of the credential's previous secret (that of token generation {@code generation}): buffered like
     * {@link #recordUse}, in addition to it.
     */
    default void recordPreviousUse(String id, long atMillis, int generation) {
    }

    /**
     * The durable-use marker of idle retirement: unless this node wrote a use of the credential within the last
     * 50 minutes, writes {@code atMillis} as its last use now, in a short transaction of its own, before the token is
     * issued. A write that fails is logged and the request goes on (the next one tries again).
     */
    void recordDurableUse(KeycloakSession session, String id, long atMillis);

    /** The session's storage provider as the token path uses it. */
    static AppCredentialCache of(KeycloakSession session) {
        AppCredentialProvider provider = session.getProvider(AppCredentialProvider.class);
        return provider instanceof AppCredentialCache cache ? cache : new Uncached(provider);
    }

    /** Reads leases from the storage and writes each use at once: the provider chosen does not cache. */
    final class Uncached implements AppCredentialCache {

        private final AppCredentialProvider delegate;

        Uncached(AppCredentialProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public AppCredentialLease getLease(RealmModel realm, String id) {
            AppCredentialModel model = delegate.getById(realm, id);
            return model == null ? null : AppCredentialLease.of(model);
        }

        @Override
        public void recordUse(String id, long atMillis, String ip) {
            delegate.addUses(id, atMillis, ip, 1, ip == null ? Map.of() : Map.of(ip, atMillis));
        }

        @Override
        public void recordPreviousUse(String id, long atMillis, int generation) {
            delegate.addPreviousUse(id, generation, atMillis);
        }

        @Override
        public void recordDurableUse(KeycloakSession session, String id, long atMillis) {
            // every use is written at once here
        }
    }
}
