package io.appcredentials.keycloak.model.cache;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.jboss.logging.Logger;

import io.appcredentials.keycloak.model.AppCredentialFilter;
import io.appcredentials.keycloak.model.AppCredentialLease;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.NewAppCredential;
import io.appcredentials.keycloak.model.PendingNotice;
import io.appcredentials.keycloak.model.RecentUse;

/**
 * The cache layer over the JPA provider, in the shape of Keycloak's own cache layers: reads of leases come from
 * this node's {@link LeaseCache}; every model handed out for update is wrapped so that its writes mark the
 * credential invalidated, and once the transaction commits one cluster message tells every node (this one
 * included) to forget those credentials. A credential changed in this transaction is read from the database for
 * the rest of it. Everything else goes to the delegate.
 */
public final class CachingAppCredentialProvider implements AppCredentialProvider, AppCredentialCache {

    /** Cluster messaging task name of the invalidation messages. */
    public static final String CLUSTER_TASK = "app-credentials-invalidation";
    private static final Logger LOG = Logger.getLogger(CachingAppCredentialProvider.class);

    private final KeycloakSession session;
    private final AppCredentialProvider delegate;
    private final LeaseCache leases;
    private final UsageBuffer usage;
    private final DurableUses durable;
    private final Set<String> invalidated = new LinkedHashSet<>();
    private final Set<String> removedRoles = new LinkedHashSet<>();
    private boolean enlisted;

    public CachingAppCredentialProvider(KeycloakSession session, AppCredentialProvider delegate, LeaseCache leases, UsageBuffer usage) {
        this(session, delegate, leases, usage, new DurableUses());
    }

    public CachingAppCredentialProvider(KeycloakSession session, AppCredentialProvider delegate, LeaseCache leases, UsageBuffer usage,
                                        DurableUses durable) {
        this.durable = durable;
        this.session = session;
        this.delegate = delegate;
        this.leases = leases;
        this.usage = usage;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public AppCredentialModel getById(RealmModel realm, String id) {
        return delegate.getById(realm, id);
    }

    @Override
    public Stream<AppCredentialModel> listByOwner(RealmModel realm, String userId, long nowMillis, int first, int max) {
        return delegate.listByOwner(realm, userId, nowMillis, first, max);
    }

    @Override
    public List<Long> issuedSince(RealmModel realm, String ownerId, long sinceMillis) {
        return delegate.issuedSince(realm, ownerId, sinceMillis);
    }

    @Override
    public long countIssuedSince(RealmModel realm, String ownerId, long sinceMillis) {
        return delegate.countIssuedSince(realm, ownerId, sinceMillis);
    }

    @Override
    public void recordIssue(RealmModel realm, String ownerId, long atMillis, long forgetBeforeMillis) {
        delegate.recordIssue(realm, ownerId, atMillis, forgetBeforeMillis);
    }

    /** The deleted credentials were revoked or expired, which their leases say; they are forgotten on every node too. */
    @Override
    public List<String> trimDead(RealmModel realm, String ownerId, int keep, long nowMillis) {
        List<String> deleted = delegate.trimDead(realm, ownerId, keep, nowMillis);
        deleted.forEach(this::invalidate);
        return deleted;
    }

    @Override
    public void recordLink(RealmModel realm, String userId, String alias, String upstreamUserId, String how) {
        delegate.recordLink(realm, userId, alias, upstreamUserId, how);
    }

    @Override
    public String linkProvenance(RealmModel realm, String userId, String alias, String upstreamUserId) {
        return delegate.linkProvenance(realm, userId, alias, upstreamUserId);
    }

    @Override
    public void forgetLink(RealmModel realm, String userId, String alias) {
        delegate.forgetLink(realm, userId, alias);
    }

    @Override
    public Stream<AppCredentialModel> list(RealmModel realm, AppCredentialFilter filter, int first, int max) {
        return delegate.list(realm, filter, first, max);
    }

    @Override
    public long countLive(RealmModel realm, String userId, long nowMillis) {
        return delegate.countLive(realm, userId, nowMillis);
    }

    @Override
    public AppCredentialLease getLease(RealmModel realm, String id) {
        if (id == null || invalidated.contains(id)) {
            return load(realm, id);
        }
        AppCredentialLease cached = leases.get(id);
        if (cached != null) {
            return realm.getId().equals(cached.realmId()) ? cached : null;
        }
        long stamp = leases.stamp();
        AppCredentialLease loaded = load(realm, id);
        if (loaded != null) {
            leases.putIfUnchanged(loaded, stamp);
        }
        return loaded;
    }

    /** The lease as the database has it now (one query for the row, one for its granted roles). */
    private AppCredentialLease load(RealmModel realm, String id) {
        AppCredentialModel model = delegate.getById(realm, id);
        return model == null ? null : AppCredentialLease.of(model);
    }

    @Override
    public void recordUse(String id, long atMillis, String ip) {
        usage.record(id, atMillis, ip);
    }

    @Override
    public void recordPreviousUse(String id, long atMillis, int generation) {
        usage.recordPrevious(id, atMillis, generation);
    }

    @Override
    public void addPreviousUse(String id, int generation, long atMillis) {
        delegate.addPreviousUse(id, generation, atMillis);
    }

    @Override
    public void recordDurableUse(KeycloakSession session, String id, long atMillis) {
        if (!durable.needsWrite(id, atMillis)) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                AppCredentialProvider store = s.getProvider(AppCredentialProvider.class);
                store.markUsed(id, atMillis);
            });
            durable.written(id, atMillis); // committed
        } catch (RuntimeException e) {
            // the request goes on; the next one writes (a use made only while the database was unreachable can be missed)
            LOG.warnf("Could not write the use of application credential %s at once (the next use tries again): %s", id, e);
        }
    }

    @Override
    public void addUses(String id, long lastUsedAt, String lastUsedIp, long uses, Map<String, Long> seenFrom) {
        delegate.addUses(id, lastUsedAt, lastUsedIp, uses, seenFrom);
    }

    // ------------------------------------------------------------------ mail (nothing of it is in a lease)

    @Override
    public Stream<AppCredentialModel> dueForReminder(RealmModel realm, List<Integer> thresholdDays, long nowMillis, int max) {
        return delegate.dueForReminder(realm, thresholdDays, nowMillis, max);
    }

    @Override
    public boolean claimReminder(String id, long expiresAt, int days) {
        return delegate.claimReminder(id, expiresAt, days);
    }

    @Override
    public void releaseReminder(String id, int days, Integer previous) {
        delegate.releaseReminder(id, days, previous);
    }

    @Override
    public Stream<AppCredentialModel> withPendingNotice(RealmModel realm, int max) {
        return delegate.withPendingNotice(realm, max);
    }

    // ------------------------------------------------------------------ idle retirement

    @Override
    public void markUsed(String id, long atMillis) {
        delegate.markUsed(id, atMillis); // the last use is not in a lease
    }

    @Override
    public List<String> idleCandidates(RealmModel realm, long cutMillis, long nowMillis, int max) {
        return delegate.idleCandidates(realm, cutMillis, nowMillis, max);
    }

    /** A conditional update that bypasses {@link Invalidating}: the invalidation is sent here, for every node. */
    @Override
    public boolean retireIdle(String id, long cutMillis, long nowMillis) {
        boolean retired = delegate.retireIdle(id, cutMillis, nowMillis);
        if (retired) {
            invalidate(id);
        }
        return retired;
    }

    @Override
    public Stream<AppCredentialModel> dueForIdleWarning(RealmModel realm, long beforeMillis, long nowMillis, int max) {
        return delegate.dueForIdleWarning(realm, beforeMillis, nowMillis, max);
    }

    @Override
    public boolean claimIdleWarning(String id, long basis) {
        return delegate.claimIdleWarning(id, basis);
    }

    @Override
    public void releaseIdleWarning(String id, long basis, Long previous) {
        delegate.releaseIdleWarning(id, basis, previous);
    }

    @Override
    public List<String> withIdleNotice(RealmModel realm, int max) {
        return delegate.withIdleNotice(realm, max);
    }

    @Override
    public boolean claimIdleNotice(String id) {
        return delegate.claimIdleNotice(id);
    }

    @Override
    public void releaseIdleNotice(String id, long at) {
        delegate.releaseIdleNotice(id, at);
    }

    // ------------------------------------------------------------------ writes

    @Override
    public AppCredentialModel getByIdForUpdate(RealmModel realm, String id) {
        AppCredentialModel model = delegate.getByIdForUpdate(realm, id);
        return model == null ? null : new Invalidating(model);
    }

    @Override
    public List<AppCredentialModel> lockOwnerAndListAll(RealmModel realm, String ownerId) {
        return delegate.lockOwnerAndListAll(realm, ownerId).stream().<AppCredentialModel>map(Invalidating::new).toList();
    }

    @Override
    public List<AppCredentialModel> lockOwnerAndListUnrevoked(RealmModel realm, String ownerId) {
        return delegate.lockOwnerAndListUnrevoked(realm, ownerId).stream().<AppCredentialModel>map(Invalidating::new).toList();
    }

    @Override
    public AppCredentialModel create(RealmModel realm, NewAppCredential data) {
        return new Invalidating(delegate.create(realm, data));
    }

    /**
     * Purged credentials were revoked or expired, which their cached leases already say; they are dropped from this
     * node's cache, and other nodes let them age out.
     */
    @Override
    public int purge(RealmModel realm, long beforeMillis) {
        int purged = delegate.purge(realm, beforeMillis);
        if (purged > 0) {
            leases.clear();
        }
        return purged;
    }

    /** Forgets the credential now on this node and, once the transaction has committed, on every node. */
    private void invalidate(String id) {
        leases.evict(id);
        if (invalidated.add(id)) {
            enlistOnce();
        }
    }

    /**
     * A role was deleted in this transaction: the database drops it from every grant (the foreign key cascades), and
     * once the transaction has committed every node forgets the leases that still name it, so that the token path
     * does not look up a role that is gone on every request.
     */
    void roleRemoved(String roleId) {
        if (removedRoles.add(roleId)) {
            enlistOnce();
        }
    }

    private void enlistOnce() {
        if (!enlisted) {
            enlisted = true;
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    ClusterProvider cluster = session.getProvider(ClusterProvider.class);
                    if (cluster != null) {
                        cluster.notify(CLUSTER_TASK, new AppCredentialInvalidationEvent(List.copyOf(invalidated), List.copyOf(removedRoles)), false);
                    }
                    invalidated.forEach(leases::evict);
                    leases.evictGranting(removedRoles);
                }

                @Override
                protected void rollbackImpl() {
                    invalidated.forEach(leases::evict);
                }
            });
        }
    }

    /** Evicts the credentials named by a cluster message (any node's, this one's included). */
    public static void onInvalidation(LeaseCache leases, AppCredentialInvalidationEvent event) {
        event.getCredentialIds().forEach(leases::evict);
        leases.evictGranting(event.getRemovedRoleIds());
    }

    @Override
    public void close() {
    }

    /** A model for update: its writes go to the delegate's model and invalidate the credential. */
    private final class Invalidating implements AppCredentialModel {
        private final AppCredentialModel m;

        Invalidating(AppCredentialModel m) {
            this.m = m;
        }

        private AppCredentialModel changing() {
            invalidate(m.getId());
            return m;
        }

        @Override public void setName(String name) { changing().setName(name); }
        @Override public void setDescription(String description) { changing().setDescription(description); }
        @Override public void replaceSecret(String hashKeyId, String secretHash) { changing().replaceSecret(hashKeyId, secretHash); }
        @Override public void endIssuedTokens() { changing().endIssuedTokens(); }
        @Override public void rotateSecret(String hashKeyId, String secretHash, long previousUntil) { changing().rotateSecret(hashKeyId, secretHash, previousUntil); }
        @Override public void endPreviousSecret() { changing().endPreviousSecret(); }
        @Override public String getPreviousSecretHash() { return m.getPreviousSecretHash(); }
        @Override public String getPreviousHashKeyId() { return m.getPreviousHashKeyId(); }
        @Override public Integer getPreviousGeneration() { return m.getPreviousGeneration(); }
        @Override public Long getPreviousSecretUntil() { return m.getPreviousSecretUntil(); }
        @Override public Long getPreviousSecretLastUsedAt() { return m.getPreviousSecretLastUsedAt(); }
        @Override public void setStoredState(AppCredentialState state) { changing().setStoredState(state); }
        @Override public void revoke(long nowMillis) { changing().revoke(nowMillis); }
        @Override public void setExpiresAt(long expiresAt) { changing().setExpiresAt(expiresAt); }
        // not part of a lease: nothing cached changes
        @Override public void setPendingNotice(PendingNotice notice) { m.setPendingNotice(notice); }

        @Override public String getId() { return m.getId(); }
        @Override public String getRealmId() { return m.getRealmId(); }
        @Override public String getUserId() { return m.getUserId(); }
        @Override public String getClientUuid() { return m.getClientUuid(); }
        @Override public String getName() { return m.getName(); }
        @Override public String getDescription() { return m.getDescription(); }
        @Override public Set<String> getRoleIds() { return m.getRoleIds(); }
        @Override public Set<String> getScopes() { return m.getScopes(); }
        @Override public String getSecretHash() { return m.getSecretHash(); }
        @Override public String getHashKeyId() { return m.getHashKeyId(); }
        @Override public int getTokenGeneration() { return m.getTokenGeneration(); }
        @Override public AppCredentialState getStoredState() { return m.getStoredState(); }
        @Override public long getCreatedAt() { return m.getCreatedAt(); }
        @Override public long getExpiresAt() { return m.getExpiresAt(); }
        @Override public Long getRevokedAt() { return m.getRevokedAt(); }
        // not part of a lease
        @Override public String getStateReason() { return m.getStateReason(); }
        @Override public void setStateReason(String reason) { m.setStateReason(reason); }
        @Override public long getActivatedAt() { return m.getActivatedAt(); }
        @Override public void setActivatedAt(long at) { m.setActivatedAt(at); }
        @Override public Long getIdleWarnedFor() { return m.getIdleWarnedFor(); }
        @Override public Long getLastUsedAt() { return m.getLastUsedAt(); }
        @Override public String getLastUsedIp() { return m.getLastUsedIp(); }
        @Override public long getUseCount() { return m.getUseCount(); }
        @Override public String getMfa() { return m.getMfa(); }
        @Override public Long getNoticeSentAt() { return m.getNoticeSentAt(); }
        @Override public void setNoticeSentAt(Long at) { m.setNoticeSentAt(at); }
        @Override public String getCreatedBy() { return m.getCreatedBy(); }
        @Override public boolean isCreatedByAdmin() { return m.isCreatedByAdmin(); }
        @Override public java.util.List<io.appcredentials.keycloak.restriction.AccessRule> getAccessRules() { return m.getAccessRules(); }
        @Override public java.util.List<io.appcredentials.keycloak.restriction.Cidr> getAllowedCidrs() { return m.getAllowedCidrs(); }
        @Override public boolean isRequireDpop() { return m.isRequireDpop(); }
        @Override public List<RecentUse> getRecentUses() { return m.getRecentUses(); }
        @Override public Integer getReminderDays() { return m.getReminderDays(); }
        @Override public PendingNotice getPendingNotice() { return m.getPendingNotice(); }
    }
}
