package io.appcredentials.keycloak.model;

import java.util.List;
import java.util.Set;

import io.appcredentials.keycloak.restriction.AccessRule;
import io.appcredentials.keycloak.restriction.Cidr;

/**
 * An application credential. Models handed out for update ({@link AppCredentialProvider#getByIdForUpdate},
 * {@link AppCredentialProvider#lockOwnerAndListAll}, {@link AppCredentialProvider#create}) write through to the
 * database in the caller's transaction; the provider sees to it that every node forgets what it cached of the
 * credential once that transaction commits. Mutators are not meant for models from plain reads.
 */
public interface AppCredentialModel {

    String getId();

    String getRealmId();

    String getUserId();

    /** Internal id of the target application client. */
    String getClientUuid();

    String getName();

    void setName(String name);

    String getDescription();

    void setDescription(String description);

    /** Ids of the granted realm and client roles. */
    Set<String> getRoleIds();

    /** Names of the granted optional client scopes. */
    Set<String> getScopes();

    String getSecretHash();

    String getHashKeyId();

    /**
     * Generation of the tokens issued from this credential: every token carries it in its {@code jti}, and only
     * tokens of the current generation are accepted.
     */
    int getTokenGeneration();

    /** Replaces the secret hash and ends every token issued so far. */
    void replaceSecret(String hashKeyId, String secretHash);

    /** Ends every token issued so far (disable, suspension): they stay dead if the credential comes back. */
    void endIssuedTokens();

    /** Stored state (never {@link AppCredentialState#EXPIRED}). */
    AppCredentialState getStoredState();

    void setStoredState(AppCredentialState state);

    /** Marks as revoked (kept for audit until purged). */
    void revoke(long nowMillis);

    /** State as users see it: the stored state, or expired once past the expiry time. */
    default AppCredentialState getState(long nowMillis) {
        return AppCredentialState.at(getStoredState(), getExpiresAt(), nowMillis);
    }

    long getCreatedAt();

    long getExpiresAt();

    /** Moves the expiry; the expiry reminders already mailed were about the old one and are forgotten. */
    void setExpiresAt(long expiresAt);

    /**
     * Why the credential is not active where that is not obvious: {@code idle} (retired by the idle job), {@code owner}
     * or {@code admin} (disabled by hand); null otherwise.
     */
    String getStateReason();

    void setStateReason(String reason);

    /** When the credential last became active (created, or enabled again): the idle clock counts from here. */
    long getActivatedAt();

    void setActivatedAt(long atMillis);

    /** The idle period (its basis, max of last use and activation) the idle warning was mailed about, or null. */
    Long getIdleWarnedFor();

    Long getRevokedAt();

    Long getLastUsedAt();

    String getLastUsedIp();

    long getUseCount();

    /** The last distinct source addresses (at most five), most recently seen first. */
    List<RecentUse> getRecentUses();

    /**
     * The smallest expiry reminder threshold (days) mailed for the current expiry, 0 once the "expired" mail went
     * out, or null when none was mailed.
     */
    Integer getReminderDays();

    /** The "new credential" mail still owed to the owner, or null. */
    PendingNotice getPendingNotice();

    /** Records the "new credential" mail owed to the owner (replacing one not sent yet). Not a change of the lease. */
    void setPendingNotice(PendingNotice notice);

    /** When the owner was last mailed a "new credential" notice that named this credential, or null. */
    Long getNoticeSentAt();

    /** Records when such a notice went out. Not a change of the lease. */
    void setNoticeSentAt(Long at);

    /**
     * The stored second-factor value: the factor that vouched for the creation, or what an administrator's credential
     * was bound to (see {@code MfaBinding}); null when nothing was recorded.
     */
    String getMfa();

    String getCreatedBy();

    boolean isCreatedByAdmin();

    /** Method + path rules the credential's tokens are limited to at Keycloak's APIs (empty: no path restriction). */
    List<AccessRule> getAccessRules();

    /** Networks the credential may be used from (empty: any). */
    List<Cidr> getAllowedCidrs();

    /** Whether every token request must carry a DPoP proof (tokens bound to the tool's key). */
    boolean isRequireDpop();

    // ------------------------------------------------------------------ the previous secret (rotation with an overlap)

    /** Hash of the previous secret, or null when there is none (no overlap, or it was ended). */
    default String getPreviousSecretHash() { return null; }

    default String getPreviousHashKeyId() { return null; }

    /** Token generation of the previous secret's tokens, or null. */
    default Integer getPreviousGeneration() { return null; }

    /** Until when (epoch millis, exclusive) the previous secret works, or null. */
    default Long getPreviousSecretUntil() { return null; }

    /** Last use of the previous secret since the rotation, or null. */
    default Long getPreviousSecretLastUsedAt() { return null; }

    /**
     * Replaces the secret and keeps the current one working as the previous secret until {@code previousUntil}
     * (epoch millis): a previous secret there was ends at once, with its tokens; the current secret's tokens keep
     * working until then.
     */
    default void rotateSecret(String hashKeyId, String secretHash, long previousUntil) {
        throw new UnsupportedOperationException();
    }

    /** Ends the previous secret and the tokens issued from it now (nothing when there is none). */
    default void endPreviousSecret() {
        throw new UnsupportedOperationException();
    }
}
