package io.appcredentials.keycloak.token;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.keys.infinispan.PublicKeyStorageInvalidationEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.jpa.JpaAppCredentialStore;

/**
 * Per-node cache of what the token path needs to know about a credential, so that a tool login costs no
 * database query. Every write to a credential invalidates its entry on every node of the cluster, after the
 * transaction commits, through Keycloak's own cluster messaging ({@link ClusterProvider}, the same channel its
 * realm and user caches use). A load that raced with an invalidation is not cached.
 */
public final class CredentialCache {

    /** Immutable view of a credential as the token path uses it. */
    public record Entry(String id, String realmId, String userId, String clientUuid, Set<String> roleIds,
                        Set<String> scopes, String secretHash, String hashKeyId, int tokenGeneration,
                        AppCredentialState storedState, long expiresAt, String mfa) {

        static Entry of(AppCredentialModel m) {
            return new Entry(m.getId(), m.getRealmId(), m.getUserId(), m.getClientUuid(), Set.copyOf(m.getRoleIds()),
                    Set.copyOf(m.getScopes()), m.getSecretHash(), m.getHashKeyId(), m.getTokenGeneration(),
                    m.getStoredState(), m.getExpiresAt(), m.getMfa());
        }

        public AppCredentialState state(long nowMillis) {
            if (storedState != AppCredentialState.REVOKED && nowMillis >= expiresAt) {
                return AppCredentialState.EXPIRED;
            }
            return storedState;
        }
    }

    static final String CLUSTER_TASK = "app-credentials-invalidation";
    private static final int MAX_ENTRIES = 250_000;
    private static final Logger LOG = Logger.getLogger(CredentialCache.class);

    private static final ConcurrentHashMap<String, Entry> ENTRIES = new ConcurrentHashMap<>();
    private static final AtomicLong INVALIDATIONS = new AtomicLong();

    private CredentialCache() {
    }

    /** The credential with this id in this realm, from the cache or the database; null if there is none. */
    public static Entry get(KeycloakSession session, RealmModel realm, String id) {
        Entry cached = ENTRIES.get(id);
        if (cached != null) {
            return realm.getId().equals(cached.realmId()) ? cached : null;
        }
        long stamp = INVALIDATIONS.get();
        AppCredentialModel model = new JpaAppCredentialStore(session).getById(realm, id);
        if (model == null) {
            return null;
        }
        Entry entry = Entry.of(model);
        if (INVALIDATIONS.get() == stamp) {
            if (ENTRIES.size() >= MAX_ENTRIES) {
                ENTRIES.clear();
            }
            ENTRIES.put(id, entry);
        }
        return entry;
    }

    /**
     * Drops the entry now on this node and, once the current transaction has committed, on every node.
     * Call it on every write to a credential.
     */
    public static void invalidate(KeycloakSession session, String id) {
        evict(id);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                ClusterProvider cluster = session.getProvider(ClusterProvider.class);
                if (cluster != null) {
                    cluster.notify(CLUSTER_TASK, PublicKeyStorageInvalidationEvent.create(id), false);
                } else {
                    evict(id);
                }
            }

            @Override
            protected void rollbackImpl() {
                evict(id);
            }
        });
    }

    /** Drops every entry on this node (used after bulk changes such as a purge). */
    public static void clear() {
        INVALIDATIONS.incrementAndGet();
        ENTRIES.clear();
    }

    static void evict(String id) {
        INVALIDATIONS.incrementAndGet();
        ENTRIES.remove(id);
    }

    /** Listens for invalidations sent by any node, this one included. */
    static void registerClusterListener(KeycloakSessionFactory factory) {
        try (KeycloakSession session = factory.create()) {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster == null) {
                LOG.warn("No cluster provider: application credential cache invalidation stays local to this node");
                return;
            }
            cluster.registerListener(CLUSTER_TASK, event -> {
                if (event instanceof PublicKeyStorageInvalidationEvent e) {
                    evict(e.getCacheKey());
                }
            });
        }
    }
}
