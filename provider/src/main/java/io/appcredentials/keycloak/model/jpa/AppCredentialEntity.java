package io.appcredentials.keycloak.model.jpa;

import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.Nationalized;

/**
 * One application credential. Foreign keys to REALM, USER_ENTITY and CLIENT cascade on delete in the
 * changelog, so removing a realm, a user or an application removes its credentials in the database itself.
 */
@Entity
@Table(name = "APP_CREDENTIAL")
// Only the changed columns are written, so that writes to different fields of one credential cannot undo each
// other (a rename must never write back a state that a concurrent revoke has changed).
@DynamicUpdate
@NamedQueries({
        @NamedQuery(name = "appCredential.byOwner",
                query = "select c from AppCredentialEntity c where c.realmId = :realmId and c.userId = :userId order by c.createdAt"),
        @NamedQuery(name = "appCredential.unrevokedByOwner",
                query = "select c from AppCredentialEntity c where c.realmId = :realmId and c.userId = :userId and c.state <> 'revoked'"),
        @NamedQuery(name = "appCredential.countLiveByOwner",
                query = "select count(c) from AppCredentialEntity c where c.realmId = :realmId and c.userId = :userId and c.state <> 'revoked' and c.expiresAt > :now"),
        @NamedQuery(name = "appCredential.withPendingNotice",
                query = "select c from AppCredentialEntity c where c.realmId = :realmId and c.notice is not null order by c.noticeAt"),
        @NamedQuery(name = "appCredential.purgeable",
                query = "select c.id from AppCredentialEntity c where c.realmId = :realmId and ((c.state = 'revoked' and c.revokedAt < :before) or c.expiresAt < :before)"),
        @NamedQuery(name = "appCredential.purge",
                query = "delete from AppCredentialEntity c where c.id in :ids and ((c.state = 'revoked' and c.revokedAt < :before) or c.expiresAt < :before)"),
})
public class AppCredentialEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    /** Internal id of the target application (CLIENT.ID). */
    @Column(name = "CLIENT_UUID", length = 36, nullable = false)
    private String clientUuid;

    @Column(name = "NAME", length = 64, nullable = false)
    private String name;

    @Column(name = "DESCRIPTION", length = 255)
    private String description;

    /**
     * Ids of the granted roles (realm and client roles), a row each in APP_CREDENTIAL_ROLE. The table's foreign keys
     * cascade on delete, so a role Keycloak deletes leaves every grant in the database itself. Loaded on first use:
     * the token path reads it once, when it loads the credential's lease into the cache.
     */
    @ElementCollection
    @CollectionTable(name = "APP_CREDENTIAL_ROLE", joinColumns = @JoinColumn(name = "CREDENTIAL_ID"))
    @Column(name = "ROLE_ID", length = 36, nullable = false)
    @BatchSize(size = 50)
    private Set<String> roleIds = new HashSet<>();

    /** Space-separated names of the granted optional client scopes. */
    @Column(name = "SCOPES", length = 1024)
    private String scopes;

    @Column(name = "SECRET_HASH", length = 64, nullable = false)
    private String secretHash;

    /** Key id of the realm key the secret was hashed with. */
    @Column(name = "HASH_KEY_ID", length = 64, nullable = false)
    private String hashKeyId;

    /** Token generation (the column keeps its first name): bumped by regenerate, disable and suspension; tokens carry it. */
    @Column(name = "SECRET_VERSION", nullable = false)
    private int tokenGeneration;

    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    @Column(name = "LAST_USED_IP", length = 64)
    private String lastUsedIp;

    @Column(name = "USE_COUNT", nullable = false)
    private long useCount;

    /** Second factor that vouched for the creation (otp, webauthn, ...), or null. */
    @Column(name = "MFA", length = 64)
    private String mfa;

    @Column(name = "CREATED_BY", length = 36)
    private String createdBy;

    @Column(name = "CREATED_BY_ADMIN", nullable = false)
    private boolean createdByAdmin;

    /** Access rules as JSON ({@code [{"method":"GET","path":"/…"}]}), or null for none. */
    @Nationalized
    @Column(name = "ACCESS_RULES")
    private String accessRules;

    /** Allowed source networks in canonical form, separated by spaces, or null for any. */
    @Column(name = "ALLOWED_CIDRS", length = 1024)
    private String allowedCidrs;

    @Column(name = "REQUIRE_DPOP", nullable = false)
    private boolean requireDpop;
    /** Last distinct source addresses, most recent first: {@code ip@epochMillis} separated by spaces (at most five). */
    @Column(name = "RECENT_USES", length = 512)
    private String recentUses;

    /** Smallest expiry reminder threshold (days) mailed for the current expiry; 0: the "expired" mail; null: none. */
    @Column(name = "REMINDER_DAYS")
    private Integer reminderDays;

    /** A "new credential" mail still owed to the owner ({@code created} or {@code regenerated}), or null. */
    @Column(name = "NOTICE", length = 16)
    private String notice;

    @Column(name = "NOTICE_ACTOR", length = 255)
    private String noticeActor;

    @Column(name = "NOTICE_BY_ADMIN")
    private Boolean noticeByAdmin;

    @Column(name = "NOTICE_IP", length = 64)
    private String noticeIp;

    @Column(name = "NOTICE_AT")
    private Long noticeAt;

    /** When the owner was last mailed a "new credential" notice that named this credential. */
    @Column(name = "NOTICE_SENT_AT")
    private Long noticeSentAt;

    /** The previous secret of a regenerate with an overlap (issue 28): its hash, or null when there is none. */
    @Column(name = "PREV_SECRET_HASH", length = 64)
    private String prevSecretHash;

    @Column(name = "PREV_HASH_KEY_ID", length = 64)
    private String prevHashKeyId;

    /** The token generation of the previous secret's tokens. */
    @Column(name = "PREV_GENERATION")
    private Integer prevGeneration;

    /** Until when (epoch millis, exclusive) the previous secret and its tokens work. */
    @Column(name = "PREV_SECRET_UNTIL")
    private Long prevSecretUntil;

    /** Last use of the previous secret since the rotation, or null. */
    @Column(name = "PREV_LAST_USED_AT")
    private Long prevLastUsedAt;
    /** Why the credential is not active where that is not obvious ({@code idle}, {@code owner}, {@code admin}), or null. */
    @Column(name = "STATE_REASON", length = 16)
    private String stateReason;

    /** When the credential last became active (created, or enabled again): the idle clock starts here. */
    @Column(name = "ACTIVATED_AT", nullable = false)
    private long activatedAt;

    /** The idle basis (max of last use and activation) the idle warning mail was claimed for, or null. */
    @Column(name = "IDLE_WARNED_FOR")
    private Long idleWarnedFor;

    public String getStateReason() { return stateReason; }
    public void setStateReason(String stateReason) { this.stateReason = stateReason; }
    public long getActivatedAt() { return activatedAt; }
    public void setActivatedAt(long activatedAt) { this.activatedAt = activatedAt; }
    public Long getIdleWarnedFor() { return idleWarnedFor; }
    public void setIdleWarnedFor(Long idleWarnedFor) { this.idleWarnedFor = idleWarnedFor; }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getClientUuid() { return clientUuid; }
    public void setClientUuid(String clientUuid) { this.clientUuid = clientUuid; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public Set<String> getRoleIds() { return roleIds; }
    public void setRoleIds(Set<String> roleIds) { this.roleIds = roleIds; }
    public String getScopes() { return scopes; }
    public void setScopes(String scopes) { this.scopes = scopes; }
    public String getSecretHash() { return secretHash; }
    public void setSecretHash(String secretHash) { this.secretHash = secretHash; }
    public String getHashKeyId() { return hashKeyId; }
    public void setHashKeyId(String hashKeyId) { this.hashKeyId = hashKeyId; }
    public int getTokenGeneration() { return tokenGeneration; }
    public void setTokenGeneration(int tokenGeneration) { this.tokenGeneration = tokenGeneration; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
    public Long getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Long revokedAt) { this.revokedAt = revokedAt; }
    public Long getLastUsedAt() { return lastUsedAt; }
    public void setLastUsedAt(Long lastUsedAt) { this.lastUsedAt = lastUsedAt; }
    public String getLastUsedIp() { return lastUsedIp; }
    public void setLastUsedIp(String lastUsedIp) { this.lastUsedIp = lastUsedIp; }
    public long getUseCount() { return useCount; }
    public void setUseCount(long useCount) { this.useCount = useCount; }
    public String getMfa() { return mfa; }
    public void setMfa(String mfa) { this.mfa = mfa; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public boolean isCreatedByAdmin() { return createdByAdmin; }
    public String getAccessRules() { return accessRules; }
    public void setAccessRules(String accessRules) { this.accessRules = accessRules; }
    public String getAllowedCidrs() { return allowedCidrs; }
    public void setAllowedCidrs(String allowedCidrs) { this.allowedCidrs = allowedCidrs; }
    public boolean isRequireDpop() { return requireDpop; }
    public void setRequireDpop(boolean requireDpop) { this.requireDpop = requireDpop; }
    public void setCreatedByAdmin(boolean createdByAdmin) { this.createdByAdmin = createdByAdmin; }
    public String getRecentUses() { return recentUses; }
    public void setRecentUses(String recentUses) { this.recentUses = recentUses; }
    public Integer getReminderDays() { return reminderDays; }
    public void setReminderDays(Integer reminderDays) { this.reminderDays = reminderDays; }
    public String getNotice() { return notice; }
    public void setNotice(String notice) { this.notice = notice; }
    public String getNoticeActor() { return noticeActor; }
    public void setNoticeActor(String noticeActor) { this.noticeActor = noticeActor; }
    public Boolean getNoticeByAdmin() { return noticeByAdmin; }
    public void setNoticeByAdmin(Boolean noticeByAdmin) { this.noticeByAdmin = noticeByAdmin; }
    public String getNoticeIp() { return noticeIp; }
    public void setNoticeIp(String noticeIp) { this.noticeIp = noticeIp; }
    public Long getNoticeAt() { return noticeAt; }
    public void setNoticeAt(Long noticeAt) { this.noticeAt = noticeAt; }
    public Long getNoticeSentAt() { return noticeSentAt; }
    public void setNoticeSentAt(Long noticeSentAt) { this.noticeSentAt = noticeSentAt; }
    public String getPrevSecretHash() { return prevSecretHash; }
    public void setPrevSecretHash(String prevSecretHash) { this.prevSecretHash = prevSecretHash; }
    public String getPrevHashKeyId() { return prevHashKeyId; }
    public void setPrevHashKeyId(String prevHashKeyId) { this.prevHashKeyId = prevHashKeyId; }
    public Integer getPrevGeneration() { return prevGeneration; }
    public void setPrevGeneration(Integer prevGeneration) { this.prevGeneration = prevGeneration; }
    public Long getPrevSecretUntil() { return prevSecretUntil; }
    public void setPrevSecretUntil(Long prevSecretUntil) { this.prevSecretUntil = prevSecretUntil; }
    public Long getPrevLastUsedAt() { return prevLastUsedAt; }
    public void setPrevLastUsedAt(Long prevLastUsedAt) { this.prevLastUsedAt = prevLastUsedAt; }
}
