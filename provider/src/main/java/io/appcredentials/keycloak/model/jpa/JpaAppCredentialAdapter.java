package io.appcredentials.keycloak.model.jpa;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.PendingNotice;
import io.appcredentials.keycloak.model.RecentUse;
import io.appcredentials.keycloak.restriction.AccessRule;
import io.appcredentials.keycloak.restriction.Cidr;
import io.appcredentials.keycloak.restriction.Restrictions;

/** Adapter from the JPA entity to the model. */
final class JpaAppCredentialAdapter implements AppCredentialModel {

    private final AppCredentialEntity e;

    JpaAppCredentialAdapter(AppCredentialEntity entity) {
        this.e = entity;
    }

    static String join(Collection<String> values) {
        return values == null || values.isEmpty() ? null : String.join(" ", values);
    }

    static Set<String> split(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.trim().split(" +")).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override public String getId() { return e.getId(); }
    @Override public String getRealmId() { return e.getRealmId(); }
    @Override public String getUserId() { return e.getUserId(); }
    @Override public String getClientUuid() { return e.getClientUuid(); }
    @Override public String getName() { return e.getName(); }
    @Override public void setName(String name) { e.setName(name); }
    @Override public String getDescription() { return e.getDescription(); }
    @Override public void setDescription(String description) { e.setDescription(description); }
    @Override public Set<String> getRoleIds() { return Set.copyOf(e.getRoleIds()); }
    @Override public Set<String> getScopes() { return split(e.getScopes()); }
    @Override public String getSecretHash() { return e.getSecretHash(); }
    @Override public String getHashKeyId() { return e.getHashKeyId(); }
    @Override public int getTokenGeneration() { return e.getTokenGeneration(); }

    @Override
    public void replaceSecret(String hashKeyId, String secretHash) {
        e.setHashKeyId(hashKeyId);
        e.setSecretHash(secretHash);
        endIssuedTokens();
    }

    @Override
    public void endIssuedTokens() {
        e.setTokenGeneration(e.getTokenGeneration() + 1);
        endPreviousSecret();
    }

    @Override
    public void rotateSecret(String hashKeyId, String secretHash, long previousUntil) {
        // the current slot becomes the previous one (a previous secret there was ends here, with its tokens)
        e.setPrevSecretHash(e.getSecretHash());
        e.setPrevHashKeyId(e.getHashKeyId());
        e.setPrevGeneration(e.getTokenGeneration());
        e.setPrevSecretUntil(previousUntil);
        e.setPrevLastUsedAt(null);
        e.setHashKeyId(hashKeyId);
        e.setSecretHash(secretHash);
        e.setTokenGeneration(e.getTokenGeneration() + 1);
    }

    @Override
    public void endPreviousSecret() {
        if (e.getPrevSecretHash() != null || e.getPrevGeneration() != null || e.getPrevSecretUntil() != null) {
            e.setPrevSecretHash(null);
            e.setPrevHashKeyId(null);
            e.setPrevGeneration(null);
            e.setPrevSecretUntil(null);
            e.setPrevLastUsedAt(null);
        }
    }

    @Override public String getPreviousSecretHash() { return e.getPrevSecretHash(); }
    @Override public String getPreviousHashKeyId() { return e.getPrevHashKeyId(); }
    @Override public Integer getPreviousGeneration() { return e.getPrevGeneration(); }
    @Override public Long getPreviousSecretUntil() { return e.getPrevSecretUntil(); }
    @Override public Long getPreviousSecretLastUsedAt() { return e.getPrevLastUsedAt(); }

    @Override public AppCredentialState getStoredState() { return AppCredentialState.of(e.getState()); }
    @Override public void setStoredState(AppCredentialState state) { e.setState(state.value()); }

    @Override
    public void revoke(long nowMillis) {
        e.setState(AppCredentialState.REVOKED.value());
        e.setRevokedAt(nowMillis);
        endPreviousSecret();
    }
    @Override public long getCreatedAt() { return e.getCreatedAt(); }
    @Override public long getExpiresAt() { return e.getExpiresAt(); }

    @Override
    public void setExpiresAt(long expiresAt) {
        if (expiresAt != e.getExpiresAt()) {
            e.setExpiresAt(expiresAt);
            e.setReminderDays(null); // reminders are about an expiry; a new one gets its own
        }
    }

    @Override public String getStateReason() { return e.getStateReason(); }
    @Override public void setStateReason(String reason) { e.setStateReason(reason); }
    @Override public long getActivatedAt() { return e.getActivatedAt(); }
    @Override public void setActivatedAt(long at) { e.setActivatedAt(at); }
    @Override public Long getIdleWarnedFor() { return e.getIdleWarnedFor(); }

    @Override public Long getRevokedAt() { return e.getRevokedAt(); }
    @Override public Long getLastUsedAt() { return e.getLastUsedAt(); }
    @Override public String getLastUsedIp() { return e.getLastUsedIp(); }
    @Override public long getUseCount() { return e.getUseCount(); }
    @Override public String getMfa() { return e.getMfa(); }
    @Override public Long getNoticeSentAt() { return e.getNoticeSentAt(); }
    @Override public void setNoticeSentAt(Long at) { e.setNoticeSentAt(at); }
    @Override public String getCreatedBy() { return e.getCreatedBy(); }
    @Override public boolean isCreatedByAdmin() { return e.isCreatedByAdmin(); }
    @Override public List<AccessRule> getAccessRules() { return Restrictions.readRules(e.getAccessRules()); }
    @Override public List<Cidr> getAllowedCidrs() { return Restrictions.readCidrs(e.getAllowedCidrs()); }
    @Override public boolean isRequireDpop() { return e.isRequireDpop(); }
    @Override public List<RecentUse> getRecentUses() { return RecentUses.parse(e.getRecentUses()); }
    @Override public Integer getReminderDays() { return e.getReminderDays(); }
    @Override public PendingNotice getPendingNotice() { return notice(e); }

    @Override
    public void setPendingNotice(PendingNotice notice) {
        e.setNotice(notice == null ? null : notice.kind().value());
        e.setNoticeActor(notice == null ? null : notice.actor());
        e.setNoticeByAdmin(notice == null ? null : notice.byAdmin());
        e.setNoticeIp(notice == null ? null : notice.ip());
        e.setNoticeAt(notice == null ? null : notice.at());
    }

    static PendingNotice notice(AppCredentialEntity e) {
        PendingNotice.Kind kind = PendingNotice.Kind.of(e.getNotice());
        if (kind == null || e.getNoticeAt() == null) {
            return null;
        }
        return new PendingNotice(kind, e.getNoticeActor(), Boolean.TRUE.equals(e.getNoticeByAdmin()), e.getNoticeIp(), e.getNoticeAt());
    }
}
