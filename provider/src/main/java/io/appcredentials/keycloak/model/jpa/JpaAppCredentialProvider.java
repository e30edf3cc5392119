package io.appcredentials.keycloak.model.jpa;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.keycloak.authorization.fgap.AdminPermissionsSchema;
import org.keycloak.authorization.fgap.evaluation.partial.PartialEvaluationStorageProvider;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.appcredentials.keycloak.model.AppCredentialFilter;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.NewAppCredential;
import io.appcredentials.keycloak.restriction.Restrictions;
import io.appcredentials.keycloak.secret.AppCredentialSecrets;

/** JPA storage of application credentials, on Keycloak's own entity manager and transaction. No cache. */
final class JpaAppCredentialProvider implements AppCredentialProvider {

    /** Creations are counted over an hour: older records are of no use. */
    /** Dead credentials deleted per statement by the retention purge. */
    private static final int PURGE_BATCH = 500;
    static final long ISSUE_WINDOW_MILLIS = 3_600_000L;

    private final EntityManager em;
    private final KeycloakSession session;

    JpaAppCredentialProvider(KeycloakSession session, EntityManager em) {
        this.session = session;
        this.em = em;
    }

    @Override
    public AppCredentialModel create(RealmModel realm, NewAppCredential data) {
        AppCredentialEntity e = new AppCredentialEntity();
        e.setId(data.id());
        e.setRealmId(realm.getId());
        e.setUserId(data.ownerId());
        e.setClientUuid(data.clientUuid());
        e.setName(data.name());
        e.setDescription(data.description());
        e.setRoleIds(new HashSet<>(data.roleIds()));
        e.setScopes(JpaAppCredentialAdapter.join(data.scopes()));
        e.setHashKeyId(data.hashKeyId());
        e.setSecretHash(data.secretHash());
        e.setTokenGeneration(1);
        e.setState(AppCredentialState.ACTIVE.value());
        e.setCreatedAt(data.createdAt());
        e.setActivatedAt(data.createdAt());
        e.setExpiresAt(data.expiresAt());
        e.setMfa(data.mfa());
        e.setCreatedBy(data.createdBy());
        e.setCreatedByAdmin(data.createdByAdmin());
        e.setAccessRules(Restrictions.writeRules(data.accessRules()));
        e.setAllowedCidrs(Restrictions.writeCidrs(data.allowedCidrs()));
        e.setRequireDpop(data.requireDpop());
        em.persist(e);
        em.flush();
        return new JpaAppCredentialAdapter(e);
    }

    /** Only a well-formed credential ID can name a credential: anything else is not looked up. */
    private AppCredentialEntity find(String id) {
        return AppCredentialSecrets.looksLikeId(id) ? em.find(AppCredentialEntity.class, id) : null;
    }

    @Override
    public AppCredentialModel getById(RealmModel realm, String id) {
        AppCredentialEntity e = find(id);
        if (e == null || !e.getRealmId().equals(realm.getId())) {
            return null;
        }
        return new JpaAppCredentialAdapter(e);
    }

    @Override
    public AppCredentialModel getByIdForUpdate(RealmModel realm, String id) {
        AppCredentialEntity e = find(id);
        if (e == null || !e.getRealmId().equals(realm.getId())) {
            return null;
        }
        lockOwner(e.getUserId());
        // A refresh with the lock is a locking read: it waits for a concurrent writer and then reads what it
        // committed, whether or not the entity was already in the persistence context or in an older snapshot.
        try {
            em.refresh(e, LockModeType.PESSIMISTIC_WRITE);
        } catch (EntityNotFoundException gone) {
            return null;
        }
        return new JpaAppCredentialAdapter(e);
    }

    @Override
    public Stream<AppCredentialModel> listByOwner(RealmModel realm, String userId, long nowMillis, int first, int max) {
        TypedQuery<AppCredentialEntity> query = em.createQuery("select c from AppCredentialEntity c where c.realmId = :realmId "
                        + "and c.userId = :userId order by case when c.state <> 'revoked' and c.expiresAt > :now then 0 else 1 end, "
                        + "c.createdAt desc, c.id desc", AppCredentialEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", userId)
                .setParameter("now", nowMillis);
        if (first > 0) {
            query.setFirstResult(first);
        }
        if (max >= 0) {
            query.setMaxResults(max);
        }
        return query.getResultStream().map(JpaAppCredentialAdapter::new);
    }

    @Override
    public List<String> trimDead(RealmModel realm, String ownerId, int keep, long nowMillis) {
        List<String> beyond = em.createQuery("select c.id from AppCredentialEntity c where c.realmId = :realmId and c.userId = :userId "
                        + "and (c.state = 'revoked' or c.expiresAt <= :now) order by c.createdAt desc, c.id desc", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", ownerId)
                .setParameter("now", nowMillis)
                .setFirstResult(keep)
                .getResultList();
        for (String id : beyond) {
            // one by one through the persistence context, which may hold some of them already
            AppCredentialEntity e = em.find(AppCredentialEntity.class, id);
            if (e != null) {
                em.remove(e);
            }
        }
        if (!beyond.isEmpty()) {
            em.flush();
        }
        return beyond;
    }

    // ------------------------------------------------------------------ creations per owner

    /**
     * A locking read, like {@link #lockOwnerAndListAll}: under MySQL/MariaDB's repeatable read a plain read would answer from
     * the transaction's older snapshot and miss creations the previous holder of the owner's lock committed.
     */
    @Override
    public List<Long> issuedSince(RealmModel realm, String ownerId, long sinceMillis) {
        return em.createNamedQuery("appCredentialIssue.since", AppCredentialIssueEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", ownerId)
                .setParameter("since", sinceMillis)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .map(AppCredentialIssueEntity::getIssuedAt)
                .toList();
    }

    @Override
    public long countIssuedSince(RealmModel realm, String ownerId, long sinceMillis) {
        return em.createNamedQuery("appCredentialIssue.countSince", Long.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", ownerId)
                .setParameter("since", sinceMillis)
                .getSingleResult();
    }

    @Override
    public void recordIssue(RealmModel realm, String ownerId, long atMillis, long forgetBeforeMillis) {
        em.createNamedQuery("appCredentialIssue.forgetOwners")
                .setParameter("realmId", realm.getId())
                .setParameter("userId", ownerId)
                .setParameter("before", forgetBeforeMillis)
                .executeUpdate();
        AppCredentialIssueEntity e = new AppCredentialIssueEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realm.getId());
        e.setUserId(ownerId);
        e.setIssuedAt(atMillis);
        em.persist(e);
    }

    // ------------------------------------------------------------------ links to identity providers

    @Override
    public void recordLink(RealmModel realm, String userId, String alias, String upstreamUserId, String how) {
        forgetLink(realm, userId, alias);
        AppCredentialIdpLinkEntity e = new AppCredentialIdpLinkEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realm.getId());
        e.setUserId(userId);
        e.setAlias(alias);
        e.setUpstreamUserId(upstreamUserId);
        e.setHow(how);
        e.setCreatedAt(Time.currentTimeMillis());
        em.persist(e);
        em.flush();
    }

    @Override
    public String linkProvenance(RealmModel realm, String userId, String alias, String upstreamUserId) {
        return em.createNamedQuery("appCredentialIdpLink.of", AppCredentialIdpLinkEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", userId)
                .setParameter("alias", alias)
                .getResultStream()
                .filter(l -> l.getUpstreamUserId().equals(upstreamUserId))
                .map(AppCredentialIdpLinkEntity::getHow)
                .findFirst()
                .orElse(null);
    }

    @Override
    public void forgetLink(RealmModel realm, String userId, String alias) {
        em.createNamedQuery("appCredentialIdpLink.forget")
                .setParameter("realmId", realm.getId())
                .setParameter("userId", userId)
                .setParameter("alias", alias)
                .executeUpdate();
    }

    @Override
    public Stream<AppCredentialModel> list(RealmModel realm, AppCredentialFilter filter, int first, int max) {
        if (filter.viewableOwnersOnly()) {
            return listOfViewableOwners(realm, filter, first, max);
        }
        StringBuilder jpql = new StringBuilder("select c from AppCredentialEntity c where c.realmId = :realmId");
        List<QueryParameter> params = new ArrayList<>();
        params.add(new QueryParameter("realmId", realm.getId()));
        if (filter.userId() != null) {
            jpql.append(" and c.userId = :userId");
            params.add(new QueryParameter("userId", filter.userId()));
        }
        if (filter.clientUuid() != null) {
            jpql.append(" and c.clientUuid = :clientUuid");
            params.add(new QueryParameter("clientUuid", filter.clientUuid()));
        }
        AppCredentialState state = filter.state();
        if (state == AppCredentialState.EXPIRED) {
            jpql.append(" and c.state <> 'revoked' and c.expiresAt <= :now");
            params.add(new QueryParameter("now", filter.nowMillis()));
        } else if (state == AppCredentialState.REVOKED) {
            jpql.append(" and c.state = 'revoked'");
        } else if (state != null) {
            jpql.append(" and c.state = :state and c.expiresAt > :now");
            params.add(new QueryParameter("state", state.value()));
            params.add(new QueryParameter("now", filter.nowMillis()));
        }
        jpql.append(" order by c.createdAt, c.id");
        TypedQuery<AppCredentialEntity> query = em.createQuery(jpql.toString(), AppCredentialEntity.class);
        params.forEach(p -> query.setParameter(p.name(), p.value()));
        if (first > 0) {
            query.setFirstResult(first);
        }
        if (max >= 0) {
            query.setMaxResults(max);
        }
        return query.getResultStream().map(JpaAppCredentialAdapter::new);
    }

    private record QueryParameter(String name, Object value) {
    }

    /**
     * The listing restricted to owners the calling administrator may view: the same query, joined to the owner's
     * user row, with the filters Keycloak's fine-grained admin permissions put on its own user queries (the users and
     * groups the administrator's permissions name, group membership evaluated in the database).
     */
    private Stream<AppCredentialModel> listOfViewableOwners(RealmModel realm, AppCredentialFilter filter, int first, int max) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<AppCredentialEntity> query = cb.createQuery(AppCredentialEntity.class);
        Root<AppCredentialEntity> c = query.from(AppCredentialEntity.class);
        Root<UserEntity> owner = query.from(UserEntity.class);
        List<Predicate> where = new ArrayList<>();
        where.add(cb.equal(c.get("realmId"), realm.getId()));
        where.add(cb.equal(owner.get("id"), c.get("userId")));
        if (filter.userId() != null) {
            where.add(cb.equal(c.get("userId"), filter.userId()));
        }
        if (filter.clientUuid() != null) {
            where.add(cb.equal(c.get("clientUuid"), filter.clientUuid()));
        }
        AppCredentialState state = filter.state();
        if (state == AppCredentialState.EXPIRED) {
            where.add(cb.notEqual(c.get("state"), AppCredentialState.REVOKED.value()));
            where.add(cb.le(c.get("expiresAt"), filter.nowMillis()));
        } else if (state == AppCredentialState.REVOKED) {
            where.add(cb.equal(c.get("state"), AppCredentialState.REVOKED.value()));
        } else if (state != null) {
            where.add(cb.equal(c.get("state"), state.value()));
            where.add(cb.gt(c.get("expiresAt"), filter.nowMillis()));
        }
        // Keycloak's JPA user store evaluates group-based permissions in the query; without it only permissions that
        // name users apply (fewer owners, never more)
        UserProvider users = session.getProvider(UserProvider.class, "jpa");
        where.addAll(AdminPermissionsSchema.SCHEMA.applyAuthorizationFilters(session, AdminPermissionsSchema.USERS,
                users instanceof PartialEvaluationStorageProvider storage ? storage : null, realm, cb, query, owner));
        query.select(c).where(where.toArray(Predicate[]::new)).orderBy(cb.asc(c.get("createdAt")), cb.asc(c.get("id")));
        TypedQuery<AppCredentialEntity> typed = em.createQuery(query);
        if (first > 0) {
            typed.setFirstResult(first);
        }
        if (max >= 0) {
            typed.setMaxResults(max);
        }
        return typed.getResultStream().map(JpaAppCredentialAdapter::new);
    }

    @Override
    public List<AppCredentialModel> lockOwnerAndListAll(RealmModel realm, String ownerId) {
        return lockOwnerAndList("appCredential.byOwner", realm, ownerId);
    }

    @Override
    public List<AppCredentialModel> lockOwnerAndListUnrevoked(RealmModel realm, String ownerId) {
        return lockOwnerAndList("appCredential.unrevokedByOwner", realm, ownerId);
    }

    private List<AppCredentialModel> lockOwnerAndList(String namedQuery, RealmModel realm, String ownerId) {
        lockOwner(ownerId);
        // A locking read: under MySQL/MariaDB's repeatable read a plain read would answer from the snapshot the
        // transaction took at its first statement, before the lock, and miss what the previous holder committed.
        // An entity already in the persistence context comes back as it was loaded, so callers run this before they
        // load any of the owner's credentials (getByIdForUpdate reads the committed state itself).
        return em.createNamedQuery(namedQuery, AppCredentialEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", ownerId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .<AppCredentialModel>map(JpaAppCredentialAdapter::new)
                .toList();
    }

    private void lockOwner(String ownerId) {
        em.find(UserEntity.class, ownerId, LockModeType.PESSIMISTIC_WRITE);
    }

    @Override
    public long countLive(RealmModel realm, String userId, long nowMillis) {
        return em.createNamedQuery("appCredential.countLiveByOwner", Long.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", userId)
                .setParameter("now", nowMillis)
                .getSingleResult();
    }

    @Override
    public int purge(RealmModel realm, long beforeMillis) {
        // The dead credentials' ids with a plain read, then deleted by primary key: a delete by condition would lock
        // every row it scans (under MySQL/MariaDB's repeatable read, live ones included), so it waited for a writer
        // holding a live credential, while holding the range of creations the writer then needed: a deadlock, and a
        // 500 for the user's regenerate. Deleted by id, it locks only rows no writer of a live credential holds.
        List<String> ids = em.createNamedQuery("appCredential.purgeable", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("before", beforeMillis)
                .getResultList();
        int purged = 0;
        for (int i = 0; i < ids.size(); i += PURGE_BATCH) {
            purged += em.createNamedQuery("appCredential.purge")
                    .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + PURGE_BATCH)))
                    .setParameter("before", beforeMillis)
                    .executeUpdate();
        }
        // last, so that the range it locks in the creations table is held only until the commit that follows
        em.createNamedQuery("appCredentialIssue.forget")
                .setParameter("realmId", realm.getId())
                .setParameter("before", Time.currentTimeMillis() - ISSUE_WINDOW_MILLIS)
                .executeUpdate();
        return purged;
    }

    /**
     * A locking read of the one row, then only the changed columns are written: the recent addresses are a
     * read-modify-write, which the row lock keeps whole when several nodes flush the same credential at once.
     */
    @Override
    public void addUses(String id, long lastUsedAt, String lastUsedIp, long uses, Map<String, Long> seenFrom) {
        AppCredentialEntity e = em.find(AppCredentialEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            return;
        }
        e.setUseCount(e.getUseCount() + uses);
        // "<=": the durable-use write of idle retirement may have written this very time already, without the address
        if (e.getLastUsedAt() == null || e.getLastUsedAt() <= lastUsedAt) {
            if (!Objects.equals(e.getLastUsedAt(), lastUsedAt)) {
                e.setLastUsedAt(lastUsedAt);
            }
            if (!Objects.equals(e.getLastUsedIp(), lastUsedIp)) {
                e.setLastUsedIp(lastUsedIp);
            }
        }
        if (seenFrom != null && !seenFrom.isEmpty()) {
            String merged = RecentUses.format(RecentUses.merge(RecentUses.parse(e.getRecentUses()), seenFrom));
            if (!Objects.equals(merged, e.getRecentUses())) {
                e.setRecentUses(merged);
            }
        }
    }

    @Override
    public void addPreviousUse(String id, int generation, long atMillis) {
        // not part of a lease: a conditional update, no invalidation needed
        em.createQuery("update AppCredentialEntity c set c.prevLastUsedAt = :at where c.id = :id and c.prevGeneration = :generation "
                        + "and (c.prevLastUsedAt is null or c.prevLastUsedAt < :at)")
                .setParameter("at", atMillis)
                .setParameter("id", id)
                .setParameter("generation", generation)
                .executeUpdate();
    }

    // ------------------------------------------------------------------ mail

    @Override
    public Stream<AppCredentialModel> dueForReminder(RealmModel realm, List<Integer> thresholdDays, long nowMillis, int max) {
        if (thresholdDays.isEmpty()) {
            return Stream.empty();
        }
        StringBuilder jpql = new StringBuilder("select c from AppCredentialEntity c where c.realmId = :realmId and c.state <> 'revoked' and (")
                .append("(c.expiresAt <= :now and (c.reminderDays is null or c.reminderDays > 0))");
        for (int i = 0; i < thresholdDays.size(); i++) {
            jpql.append(" or (c.expiresAt > :now and c.expiresAt <= :h").append(i)
                    .append(" and (c.reminderDays is null or c.reminderDays > :d").append(i).append("))");
        }
        jpql.append(") order by c.expiresAt, c.id");
        TypedQuery<AppCredentialEntity> query = em.createQuery(jpql.toString(), AppCredentialEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("now", nowMillis);
        for (int i = 0; i < thresholdDays.size(); i++) {
            query.setParameter("h" + i, nowMillis + thresholdDays.get(i) * 86_400_000L);
            query.setParameter("d" + i, thresholdDays.get(i));
        }
        return query.setMaxResults(max).getResultStream().map(JpaAppCredentialAdapter::new);
    }

    @Override
    public boolean claimReminder(String id, long expiresAt, int days) {
        return em.createQuery("update AppCredentialEntity c set c.reminderDays = :days where c.id = :id and c.expiresAt = :expiresAt "
                        + "and c.state <> 'revoked' and (c.reminderDays is null or c.reminderDays > :days)")
                .setParameter("days", days)
                .setParameter("id", id)
                .setParameter("expiresAt", expiresAt)
                .executeUpdate() == 1;
    }

    @Override
    public void releaseReminder(String id, int days, Integer previous) {
        (previous == null
                ? em.createQuery("update AppCredentialEntity c set c.reminderDays = null where c.id = :id and c.reminderDays = :days")
                : em.createQuery("update AppCredentialEntity c set c.reminderDays = :previous where c.id = :id and c.reminderDays = :days")
                        .setParameter("previous", previous))
                .setParameter("id", id)
                .setParameter("days", days)
                .executeUpdate();
    }

    @Override
    public Stream<AppCredentialModel> withPendingNotice(RealmModel realm, int max) {
        return em.createNamedQuery("appCredential.withPendingNotice", AppCredentialEntity.class)
                .setParameter("realmId", realm.getId())
                .setMaxResults(max)
                .getResultStream()
                .map(JpaAppCredentialAdapter::new);
    }

    @Override
    public void close() {
    }

    // ------------------------------------------------------------------ idle retirement

    private static final String IDLE_PREDICATE = "c.state = 'active' and c.expiresAt > :now and c.activatedAt < :cut "
            + "and (c.lastUsedAt is null or c.lastUsedAt < :cut)";

    @Override
    public void markUsed(String id, long atMillis) {
        em.createQuery("update AppCredentialEntity c set c.lastUsedAt = :at where c.id = :id and (c.lastUsedAt is null or c.lastUsedAt < :at)")
                .setParameter("at", atMillis)
                .setParameter("id", id)
                .executeUpdate();
    }

    @Override
    public List<String> idleCandidates(RealmModel realm, long cutMillis, long nowMillis, int max) {
        return em.createQuery("select c.id from AppCredentialEntity c where c.realmId = :realmId and " + IDLE_PREDICATE
                        + " order by c.activatedAt, c.id", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("now", nowMillis)
                .setParameter("cut", cutMillis)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public boolean retireIdle(String id, long cutMillis, long nowMillis) {
        // the predicate again, on the row as committed now: a durable use that committed first keeps the credential
        return em.createQuery("update AppCredentialEntity c set c.state = 'disabled', c.stateReason = 'idle', "
                        + "c.tokenGeneration = c.tokenGeneration + 1, c.notice = 'idle', c.noticeAt = :now, c.noticeActor = null, "
                        + "c.noticeByAdmin = null, c.noticeIp = null, "
                        // a disable ends a rotation overlap too: the previous secret does not come back on re-enable
                        + "c.prevSecretHash = null, c.prevHashKeyId = null, c.prevGeneration = null, c.prevSecretUntil = null, "
                        + "c.prevLastUsedAt = null where c.id = :id and " + IDLE_PREDICATE)
                .setParameter("id", id)
                .setParameter("now", nowMillis)
                .setParameter("cut", cutMillis)
                .executeUpdate() == 1;
    }

    @Override
    public Stream<AppCredentialModel> dueForIdleWarning(RealmModel realm, long beforeMillis, long nowMillis, int max) {
        return em.createQuery("select c from AppCredentialEntity c where c.realmId = :realmId and " + IDLE_PREDICATE
                        + " and (c.idleWarnedFor is null or c.idleWarnedFor < c.activatedAt or (c.lastUsedAt is not null and "
                        + "c.idleWarnedFor < c.lastUsedAt)) order by c.activatedAt, c.id", AppCredentialEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("now", nowMillis)
                .setParameter("cut", beforeMillis)
                .setMaxResults(max)
                .getResultStream()
                .map(JpaAppCredentialAdapter::new);
    }

    @Override
    public boolean claimIdleWarning(String id, long basis) {
        return em.createQuery("update AppCredentialEntity c set c.idleWarnedFor = :basis where c.id = :id and c.state = 'active' "
                        + "and c.activatedAt <= :basis and (c.lastUsedAt is null or c.lastUsedAt <= :basis) "
                        + "and (c.idleWarnedFor is null or c.idleWarnedFor < :basis)")
                .setParameter("basis", basis)
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    @Override
    public void releaseIdleWarning(String id, long basis, Long previous) {
        (previous == null
                ? em.createQuery("update AppCredentialEntity c set c.idleWarnedFor = null where c.id = :id and c.idleWarnedFor = :basis")
                : em.createQuery("update AppCredentialEntity c set c.idleWarnedFor = :previous where c.id = :id and c.idleWarnedFor = :basis")
                        .setParameter("previous", previous))
                .setParameter("id", id)
                .setParameter("basis", basis)
                .executeUpdate();
    }

    @Override
    public List<String> withIdleNotice(RealmModel realm, int max) {
        return em.createQuery("select c.id from AppCredentialEntity c where c.realmId = :realmId and c.notice = 'idle' order by c.noticeAt, c.id",
                        String.class)
                .setParameter("realmId", realm.getId())
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public boolean claimIdleNotice(String id) {
        return em.createQuery("update AppCredentialEntity c set c.notice = null, c.noticeAt = null where c.id = :id and c.notice = 'idle'")
                .setParameter("id", id)
                .executeUpdate() == 1;
    }

    @Override
    public void releaseIdleNotice(String id, long at) {
        em.createQuery("update AppCredentialEntity c set c.notice = 'idle', c.noticeAt = :at where c.id = :id and c.notice is null")
                .setParameter("id", id)
                .setParameter("at", at)
                .executeUpdate();
    }
}
