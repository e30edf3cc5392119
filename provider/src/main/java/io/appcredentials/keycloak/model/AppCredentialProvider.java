package io.appcredentials.keycloak.model;

import java.util.List;
import java.util.stream.Stream;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Storage of application credentials: the extension's own SPI ({@link AppCredentialSpi}), fetched with
 * {@code session.getProvider(AppCredentialProvider.class)}. The default provider caches leases for the token path
 * and drops them on every node after each write, inside its own write paths; callers never construct a store and
 * never invalidate anything themselves.
 *
 * <p>Locking: every write takes the owner's row lock first and then the credentials' row locks, and reads them with
 * locking reads, which see what is committed now rather than an older snapshot (MySQL/MariaDB's repeatable read).
 * The token path takes no locks.
 */
public interface AppCredentialProvider extends Provider {

    // ------------------------------------------------------------------ reads (fresh from the database)

    /** The credential with this id in this realm, or null. For reading; use {@link #getByIdForUpdate} to change it. */
    AppCredentialModel getById(RealmModel realm, String id);

    /** The owner's credentials, oldest first. */
    Stream<AppCredentialModel> listByOwner(RealmModel realm, String userId);

    /** The realm's credentials matching the filter, oldest first, paged. */
    Stream<AppCredentialModel> list(RealmModel realm, CredentialFilter filter, int first, int max);

    /** Credentials of the owner that are neither revoked nor expired. */
    long countLive(RealmModel realm, String userId, long nowMillis);

    // ------------------------------------------------------------------ the token path (cached)

    /** What the token path needs to know about the credential, from this node's cache when it can; null if none. */
    CredentialLease getLease(RealmModel realm, String id);

    /** Counts one use. The default provider buffers it on this node and writes in batches: no database write here. */
    void recordUse(String id, long atMillis, String ip);

    /** Adds uses counted elsewhere to the row (the batched write of {@link #recordUse}). */
    void addUses(String id, long lastUsedAt, String lastUsedIp, long uses);

    // ------------------------------------------------------------------ writes (locking; in the caller's transaction)

    /**
     * The credential for a read-modify-write: its owner's row and its own row locked until the end of the
     * transaction, read as committed now. Null if there is none in this realm.
     */
    AppCredentialModel getByIdForUpdate(RealmModel realm, String id);

    /**
     * Locks the owner's row (so that creates, renames and bulk changes for one owner are serialized: the limit and
     * unique names hold under concurrency) and returns the owner's credentials, locked and as committed now;
     * revoked ones only if asked for.
     */
    List<AppCredentialModel> lockOwnerAndList(RealmModel realm, String ownerId, boolean includeRevoked);

    /** Creates a credential; the caller holds the owner's lock ({@link #lockOwnerAndList}). */
    AppCredentialModel create(RealmModel realm, NewCredential data);

    /** Deletes revoked and expired credentials older than {@code beforeMillis}; returns how many. */
    int purge(RealmModel realm, long beforeMillis);

    /** Writes the uses buffered on this node (each credential in a short transaction of its own). */
    void flushUsage();
}
