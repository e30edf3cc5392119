package io.appcredentials.keycloak.model;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Storage of application credentials. One instance per Keycloak session. */
public interface AppCredentialStore {

    /** Data of a credential to create; ids and hashes are computed by the caller. */
    record NewCredential(String id, UserModel owner, ClientModel client, String name, String description,
                         Set<String> roleIds, Set<String> scopes, String hashKeyId, String secretHash,
                         long createdAt, long expiresAt, String mfa, String createdBy, boolean createdByAdmin) {
    }

    /** Filter for the admin listing; null fields do not filter. */
    record Filter(String userId, String clientUuid, AppCredentialState state, long nowMillis) {
    }

    AppCredentialModel create(RealmModel realm, NewCredential data);

    AppCredentialModel getById(RealmModel realm, String id);

    /*
     * Locking. Every write to credentials takes the owner's row lock first and then the credentials' row locks;
     * the usage flush holds one row at a time, and the retention purge deletes only revoked or expired rows.
     * Locked rows are read with locking reads, which see what is committed now, not an older snapshot
     * (MySQL/MariaDB's repeatable read).
     */

    /**
     * The credential with its owner and its row locked until the end of the transaction, as committed now:
     * every read-modify-write of a credential goes through here, so that two writes cannot both decide on the
     * same old state (a regenerate racing a revoke, two regenerates).
     */
    AppCredentialModel getByIdForUpdate(RealmModel realm, String id);

    /** All credentials of the owner, locked as {@link #getByIdForUpdate} does. */
    List<AppCredentialModel> listByOwnerForUpdate(RealmModel realm, String userId);

    Stream<AppCredentialModel> listByOwner(RealmModel realm, String userId);

    Stream<AppCredentialModel> list(RealmModel realm, Filter filter, int first, int max);

    /**
     * Locks the owner's row until the end of the transaction, so that creates and renames for one owner are
     * serialized (limit and unique names hold under concurrency), then returns the owner's credentials that are
     * not revoked (expired ones included) as committed now. The read is a locking read: under MySQL/MariaDB's
     * repeatable read a plain read would answer from the snapshot the transaction took at its first statement,
     * before the lock, and miss a credential that the previous lock holder committed.
     */
    List<AppCredentialModel> lockOwnerAndListUnrevoked(RealmModel realm, String ownerId);

    /** Credentials of the owner that are neither revoked nor expired. */
    long countLive(RealmModel realm, String userId, long nowMillis);

    /** Marks as revoked (kept for audit until purged). */
    void revoke(AppCredentialModel credential, long nowMillis);

    /** Deletes revoked and expired credentials older than {@code beforeMillis}; returns how many. */
    int purge(RealmModel realm, long beforeMillis);

    /** Adds usage recorded elsewhere (batched last-use tracking). */
    void recordUse(String id, long lastUsedAt, String lastUsedIp, long uses);
}
