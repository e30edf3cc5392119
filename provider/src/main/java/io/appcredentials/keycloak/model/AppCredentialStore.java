package io.appcredentials.keycloak.model;

import java.util.Set;
import java.util.List;
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

    Stream<AppCredentialModel> listByOwner(RealmModel realm, String userId);

    Stream<AppCredentialModel> list(RealmModel realm, Filter filter, int first, int max);

    /**
     * Takes a database lock on the owner's row until the end of the transaction, so that concurrent creates
     * for one owner are serialized (limits and unique names hold under concurrency), then returns the owner's
     * credentials that are not revoked (expired ones included) as the database has them now. The read is a locking
     * read: under MySQL/MariaDB's repeatable read a plain read would answer from the snapshot the transaction
     * took at its first statement, before the lock, and miss a credential that the previous lock holder
     * committed.
     */
    List<AppCredentialModel> lockOwnerAndListUnrevoked(RealmModel realm, UserModel owner);

    /** Credentials of the owner that are neither revoked nor expired. */
    long countLive(RealmModel realm, String userId, long nowMillis);

    boolean liveNameExists(RealmModel realm, String userId, String name, String exceptId);

    /** Marks as revoked (kept for audit until purged). */
    void revoke(AppCredentialModel credential, long nowMillis);

    /** Deletes revoked and expired credentials older than {@code beforeMillis}; returns how many. */
    int purge(RealmModel realm, long beforeMillis);

    /** Adds usage recorded elsewhere (batched last-use tracking). */
    void recordUse(String id, long lastUsedAt, String lastUsedIp, long uses);
}
