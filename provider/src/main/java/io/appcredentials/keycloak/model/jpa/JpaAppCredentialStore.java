package io.appcredentials.keycloak.model.jpa;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.UserEntity;

import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.AppCredentialStore;

/** JPA storage of application credentials, on Keycloak's own entity manager and transaction. */
public final class JpaAppCredentialStore implements AppCredentialStore {

    private final EntityManager em;

    public JpaAppCredentialStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public AppCredentialModel create(RealmModel realm, NewCredential data) {
        AppCredentialEntity e = new AppCredentialEntity();
        e.setId(data.id());
        e.setRealmId(realm.getId());
        e.setUserId(data.owner().getId());
        e.setClientUuid(data.client().getId());
        e.setName(data.name());
        e.setDescription(data.description());
        e.setRoleIds(JpaAppCredential.join(data.roleIds()));
        e.setScopes(JpaAppCredential.join(data.scopes()));
        e.setHashKeyId(data.hashKeyId());
        e.setSecretHash(data.secretHash());
        e.setTokenGeneration(1);
        e.setState(AppCredentialState.ACTIVE.value());
        e.setCreatedAt(data.createdAt());
        e.setExpiresAt(data.expiresAt());
        e.setMfa(data.mfa());
        e.setCreatedBy(data.createdBy());
        e.setCreatedByAdmin(data.createdByAdmin());
        em.persist(e);
        em.flush();
        return new JpaAppCredential(e);
    }

    @Override
    public AppCredentialModel getById(RealmModel realm, String id) {
        AppCredentialEntity e = em.find(AppCredentialEntity.class, id);
        if (e == null || !e.getRealmId().equals(realm.getId())) {
            return null;
        }
        return new JpaAppCredential(e);
    }

    @Override
    public AppCredentialModel getByIdForUpdate(RealmModel realm, String id) {
        AppCredentialEntity e = em.find(AppCredentialEntity.class, id);
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
        return new JpaAppCredential(e);
    }

    @Override
    public List<AppCredentialModel> listByOwnerForUpdate(RealmModel realm, String userId) {
        return lockOwnerAndList("appCredential.byOwner", realm, userId);
    }

    @Override
    public Stream<AppCredentialModel> listByOwner(RealmModel realm, String userId) {
        return em.createNamedQuery("appCredential.byOwner", AppCredentialEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", userId)
                .getResultStream()
                .map(JpaAppCredential::new);
    }

    @Override
    public Stream<AppCredentialModel> list(RealmModel realm, Filter filter, int first, int max) {
        StringBuilder jpql = new StringBuilder("select c from AppCredentialEntity c where c.realmId = :realmId");
        List<Object[]> params = new ArrayList<>();
        params.add(new Object[] { "realmId", realm.getId() });
        if (filter.userId() != null) {
            jpql.append(" and c.userId = :userId");
            params.add(new Object[] { "userId", filter.userId() });
        }
        if (filter.clientUuid() != null) {
            jpql.append(" and c.clientUuid = :clientUuid");
            params.add(new Object[] { "clientUuid", filter.clientUuid() });
        }
        AppCredentialState state = filter.state();
        if (state == AppCredentialState.EXPIRED) {
            jpql.append(" and c.state <> 'revoked' and c.expiresAt <= :now");
            params.add(new Object[] { "now", filter.nowMillis() });
        } else if (state == AppCredentialState.REVOKED) {
            jpql.append(" and c.state = 'revoked'");
        } else if (state != null) {
            jpql.append(" and c.state = :state and c.expiresAt > :now");
            params.add(new Object[] { "state", state.value() });
            params.add(new Object[] { "now", filter.nowMillis() });
        }
        jpql.append(" order by c.createdAt, c.id");
        TypedQuery<AppCredentialEntity> query = em.createQuery(jpql.toString(), AppCredentialEntity.class);
        for (Object[] p : params) {
            query.setParameter((String) p[0], p[1]);
        }
        if (first > 0) {
            query.setFirstResult(first);
        }
        if (max >= 0) {
            query.setMaxResults(max);
        }
        return query.getResultStream().map(JpaAppCredential::new);
    }

    @Override
    public List<AppCredentialModel> lockOwnerAndListUnrevoked(RealmModel realm, String ownerId) {
        return lockOwnerAndList("appCredential.unrevokedByOwner", realm, ownerId);
    }

    /** Locks the owner, then runs the named per-owner query as a locking read. */
    private List<AppCredentialModel> lockOwnerAndList(String namedQuery, RealmModel realm, String ownerId) {
        lockOwner(ownerId);
        return lockedList(em.createNamedQuery(namedQuery, AppCredentialEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", ownerId));
    }

    private void lockOwner(String ownerId) {
        em.find(UserEntity.class, ownerId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Runs the query as a locking read. An entity that was already in the persistence context comes back with
     * the state it was loaded with, so callers run this before they load any of the owner's credentials
     * (except through {@link #getByIdForUpdate}, which reads the committed state itself).
     */
    private static List<AppCredentialModel> lockedList(TypedQuery<AppCredentialEntity> query) {
        return query.setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream()
                .<AppCredentialModel>map(JpaAppCredential::new)
                .toList();
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
    public void revoke(AppCredentialModel credential, long nowMillis) {
        AppCredentialEntity e = ((JpaAppCredential) credential).entity();
        e.setState(AppCredentialState.REVOKED.value());
        e.setRevokedAt(nowMillis);
    }

    @Override
    public int purge(RealmModel realm, long beforeMillis) {
        return em.createNamedQuery("appCredential.purge")
                .setParameter("realmId", realm.getId())
                .setParameter("before", beforeMillis)
                .executeUpdate();
    }

    @Override
    public void recordUse(String id, long lastUsedAt, String lastUsedIp, long uses) {
        int updated = em.createQuery("update AppCredentialEntity c set c.useCount = c.useCount + :uses, "
                        + "c.lastUsedAt = :at, c.lastUsedIp = :ip where c.id = :id and (c.lastUsedAt is null or c.lastUsedAt < :at)")
                .setParameter("uses", uses)
                .setParameter("at", lastUsedAt)
                .setParameter("ip", lastUsedIp)
                .setParameter("id", id)
                .executeUpdate();
        if (updated == 0) {
            em.createQuery("update AppCredentialEntity c set c.useCount = c.useCount + :uses where c.id = :id")
                    .setParameter("uses", uses)
                    .setParameter("id", id)
                    .executeUpdate();
        }
    }
}
