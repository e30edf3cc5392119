package io.appcredentials.keycloak.model;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Storage of application credentials: the extension's own SPI ({@link AppCredentialSpi}), fetched with
 * {@code session.getProvider(AppCredentialProvider.class)}. Its methods are storage, and what must be transactional
 * with it. The {@code default} provider is the cache layer ({@code model.cache}): it also keeps the token path's
 * leases and counts its uses ({@code AppCredentialCache}), and drops cached leases on every node after each write,
 * inside its own write paths; callers never construct a store and never invalidate anything themselves.
 *
 * <p>Locking: every write takes the owner's row lock first and then the credentials' row locks, and reads them with
 * locking reads, which see what is committed now rather than an older snapshot (MySQL/MariaDB's repeatable read).
 * The token path takes no locks.
 */
public interface AppCredentialProvider extends Provider {

    // ------------------------------------------------------------------ reads (fresh from the database)

    /** The credential with this id in this realm, or null. For reading; use {@link #getByIdForUpdate} to change it. */
    AppCredentialModel getById(RealmModel realm, String id);

    /**
     * The owner's credentials, paged: live ones (neither revoked nor expired at {@code nowMillis}) first, newest first
     * within each group.
     */
    Stream<AppCredentialModel> listByOwner(RealmModel realm, String userId, long nowMillis, int first, int max);

    /** The realm's credentials matching the filter, oldest first, paged. */
    Stream<AppCredentialModel> list(RealmModel realm, AppCredentialFilter filter, int first, int max);

    /** Credentials of the owner that are neither revoked nor expired. */
    long countLive(RealmModel realm, String userId, long nowMillis);

    // ------------------------------------------------------------------ uses

    /**
     * Adds uses counted elsewhere to the row (the batched write of the uses the token path counts, see
     * {@code model.cache.AppCredentialCache}), and merges the source addresses seen (address → when last seen, epoch
     * milliseconds) into the credential's recent uses.
     */
    void addUses(String id, long lastUsedAt, String lastUsedIp, long uses, Map<String, Long> seenFrom);

    /**
     * Records a use of the previous secret at {@code atMillis}: moves its last use forward only while the credential's
     * previous secret is still the one of token generation {@code generation}, so that a use is never credited to a
     * later previous secret.
     */
    default void addPreviousUse(String id, int generation, long atMillis) {
    }

    // ------------------------------------------------------------------ writes (locking; in the caller's transaction)

    /**
     * The credential for a read-modify-write: its owner's row and its own row locked until the end of the
     * transaction, read as committed now. Null if there is none in this realm.
     */
    AppCredentialModel getByIdForUpdate(RealmModel realm, String id);

    /**
     * Locks the owner's row (so that creates, renames and bulk changes for one owner are serialized: the limit and
     * unique names hold under concurrency) and returns all the owner's credentials, revoked ones included, locked and
     * as committed now.
     */
    List<AppCredentialModel> lockOwnerAndListAll(RealmModel realm, String ownerId);

    /** As {@link #lockOwnerAndListAll}, returning only the owner's credentials that are not revoked. */
    List<AppCredentialModel> lockOwnerAndListUnrevoked(RealmModel realm, String ownerId);

    /** Creates a credential; the caller holds the owner's lock ({@link #lockOwnerAndListAll}). */
    AppCredentialModel create(RealmModel realm, NewAppCredential data);

    /**
     * Deletes revoked and expired credentials older than {@code beforeMillis}, and the records of creations more than an
     * hour old ({@link #recordIssue}); returns how many credentials.
     */
    int purge(RealmModel realm, long beforeMillis);

    /**
     * Deletes the owner's revoked and expired credentials beyond the {@code keep} most recently created ones; the caller
     * holds the owner's lock. Returns the ids deleted.
     */
    List<String> trimDead(RealmModel realm, String ownerId, int keep, long nowMillis);

    // ------------------------------------------------------------------ creations per owner (the caller holds the owner's lock)

    /**
     * When the owner's credentials were created or given a new secret after {@code sinceMillis}, oldest first, read as
     * committed now (the caller holds the owner's lock).
     */
    List<Long> issuedSince(RealmModel realm, String ownerId, long sinceMillis);

    /** How many times the owner's credentials were created or given a new secret after {@code sinceMillis} (a plain read). */
    long countIssuedSince(RealmModel realm, String ownerId, long sinceMillis);

    /** Records a creation or a new secret of one of the owner's credentials, and forgets theirs of up to {@code forgetBeforeMillis}. */
    void recordIssue(RealmModel realm, String ownerId, long atMillis, long forgetBeforeMillis);

    // ------------------------------------------------------------------ how links to identity providers came about

    /** Records how the user's link to the provider {@code alias} (to the upstream account {@code upstreamUserId}) was made. */
    void recordLink(RealmModel realm, String userId, String alias, String upstreamUserId, String how);

    /** How the user's link to {@code alias} was made, when it was recorded for that same upstream account; else null. */
    String linkProvenance(RealmModel realm, String userId, String alias, String upstreamUserId);

    /** Forgets how the user's link to {@code alias} was made (the link was removed). */
    void forgetLink(RealmModel realm, String userId, String alias);

    // ------------------------------------------------------------------ mail (each claim is one atomic write)

    /**
     * Credentials of the realm owed an expiry mail now, oldest expiry first, at most {@code max}: not revoked,
     * and either expired without the "expired" mail (threshold 0), or within one of {@code thresholdDays} of
     * their expiry without the mail of that threshold or a smaller one. No thresholds: none.
     */
    Stream<AppCredentialModel> dueForReminder(RealmModel realm, List<Integer> thresholdDays, long nowMillis, int max);

    /**
     * Records that the expiry mail of threshold {@code days} (0: expired) is being sent for the credential's
     * expiry {@code expiresAt}, if no mail of that threshold or a smaller one was recorded and the expiry is still
     * that one: a conditional update, so that of several nodes (or runs) asking, exactly one gets true.
     */
    boolean claimReminder(String id, long expiresAt, int days);

    /** Undoes {@link #claimReminder} after a failed send (back to {@code previous}), unless something else changed it. */
    void releaseReminder(String id, int days, Integer previous);

    /** Credentials of the realm with a "new credential" mail still owed, at most {@code max}. */
    Stream<AppCredentialModel> withPendingNotice(RealmModel realm, int max);

    // ------------------------------------------------------------------ idle retirement (policy maxIdleDays)

    /**
     * The durable-use write of the token path: moves {@code LAST_USED_AT} forward to {@code atMillis} (never back), in
     * one conditional update. Not a change of the lease.
     */
    void markUsed(String id, long atMillis);

    /**
     * Active, unexpired credentials of the realm neither activated nor used since {@code cutMillis}, oldest activation
     * first, at most {@code max} (a plain read: each is retired by {@link #retireIdle}, which checks it again).
     */
    List<String> idleCandidates(RealmModel realm, long cutMillis, long nowMillis, int max);

    /**
     * Disables the credential as idle (reason {@code idle}, its tokens ended, the idle mail owed) if it is still active,
     * unexpired and neither activated nor used since {@code cutMillis}: one conditional update, so that of several
     * nodes or runs exactly one gets true. Every node forgets its lease after the commit.
     */
    boolean retireIdle(String id, long cutMillis, long nowMillis);

    /**
     * Active, unexpired credentials of the realm neither activated nor used since {@code beforeMillis} whose idle
     * warning was not claimed for their current idle period, at most {@code max}.
     */
    Stream<AppCredentialModel> dueForIdleWarning(RealmModel realm, long beforeMillis, long nowMillis, int max);

    /**
     * Records that the idle warning about the idle period starting at {@code basis} (max of last use and activation)
     * is being sent, unless one was recorded for it or a later one, the credential is no longer active, or that basis
     * changed: a conditional update, exactly one of several askers gets true.
     */
    boolean claimIdleWarning(String id, long basis);

    /** Undoes {@link #claimIdleWarning} after a failed send (back to {@code previous}), unless something else changed it. */
    void releaseIdleWarning(String id, long basis, Long previous);

    /** Credentials of the realm whose "disabled as idle" mail is owed, at most {@code max}. */
    List<String> withIdleNotice(RealmModel realm, int max);

    /** Takes the owed "disabled as idle" mail (a conditional update: one taker); true when this caller took it. */
    boolean claimIdleNotice(String id);

    /** Owes the "disabled as idle" mail again after a failed send, unless another notice is owed meanwhile. */
    void releaseIdleNotice(String id, long at);
}
