package io.appcredentials.keycloak.token;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.mfa.MfaBinding;
import io.appcredentials.keycloak.model.jpa.JpaAppCredentialStore;
import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * Background duties of the extension, started once the server is up: cache invalidation across the cluster,
 * the usage flush, the retention purge (a cluster-aware task: one node per interval), and a global event
 * listener (no realm setting needed) that applies the MFA binding when a user's second factor is removed
 * through the account console, the admin console or the admin API.
 */
public class LifecycleListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "app-credentials";
    private long purgeIntervalMillis = 3_600_000;
    private long usageFlushIntervalMillis = 30_000;
    private static final Logger LOG = Logger.getLogger(LifecycleListenerFactory.class);

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new Listener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created && !isAdminRealm(created.getCreatedRealm())) {
                DefaultApplication.createIfMissing(created.getKeycloakSession(), created.getCreatedRealm());
            }
            if (event instanceof PostMigrationEvent) {
                createMissingApplications(factory);
                CredentialCache.registerClusterListener(factory);
                try (KeycloakSession session = factory.create()) {
                    TimerProvider timer = session.getProvider(TimerProvider.class);
                    timer.scheduleTask(UsageTracker::flush, usageFlushIntervalMillis, "app-credentials-usage-flush");
                    timer.schedule(new ClusterAwareScheduledTaskRunner(factory, LifecycleListenerFactory::purge, purgeIntervalMillis),
                            purgeIntervalMillis, "app-credentials-purge");
                }
            }
        });
    }

    private static boolean isAdminRealm(RealmModel realm) {
        return Config.getAdminRealm().equals(realm.getName());
    }

    /** Realms that existed before the extension was installed get their default application at start-up. */
    private static void createMissingApplications(KeycloakSessionFactory factory) {
        List<String> realmIds = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, s -> s.realms().getRealmsStream()
                .filter(r -> !isAdminRealm(r) && r.getClientByClientId(DefaultApplication.CLIENT_ID) == null)
                .forEach(r -> realmIds.add(r.getId())));
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    RealmModel realm = s.realms().getRealm(realmId);
                    s.getContext().setRealm(realm);
                    DefaultApplication.createIfMissing(s, realm);
                });
            } catch (RuntimeException e) {
                // another node of the cluster created it at the same moment
                LOG.debugf(e, "Default application of realm %s not created at start-up", realmId);
            }
        }
    }

    /** Deletes revoked and expired credentials past each realm's retention. */
    static void purge(KeycloakSession session) {
        JpaAppCredentialStore store = new JpaAppCredentialStore(session);
        long now = System.currentTimeMillis();
        session.realms().getRealmsStream().forEach(realm -> {
            int purged = store.purge(realm, now - RealmPolicy.of(realm).retentionDays() * 86_400_000L);
            if (purged > 0) {
                LOG.infof("Purged %d revoked or expired application credential(s) in realm %s", purged, realm.getName());
                CredentialCache.clear();
            }
        });
    }

    /**
     * Options: {@code --spi-events-listener--app-credentials--purge-interval-seconds} (default 3600) and
     * {@code --spi-events-listener--app-credentials--usage-flush-interval-seconds} (default 30).
     */
    @Override
    public void init(Config.Scope config) {
        purgeIntervalMillis = config.getLong("purgeIntervalSeconds", purgeIntervalMillis / 1000) * 1000;
        usageFlushIntervalMillis = config.getLong("usageFlushIntervalSeconds", usageFlushIntervalMillis / 1000) * 1000;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    static final class Listener implements EventListenerProvider {
        private final KeycloakSession session;

        Listener(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public void onEvent(Event event) {
            EventType type = event.getType();
            if (type == EventType.REMOVE_CREDENTIAL || type == EventType.UPDATE_CREDENTIAL) {
                check(event.getRealmId(), event.getUserId());
            }
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
            String path = event.getResourcePath();
            if (event.getResourceType() == ResourceType.USER && path != null && path.startsWith("users/")) {
                String[] parts = path.split("/");
                if (parts.length >= 3 && (parts[2].equals("credentials") || parts[2].startsWith("remove-totp")
                        || parts[2].equals("reset-password"))) {
                    check(event.getRealmId(), parts[1]);
                }
            }
        }

        private void check(String realmId, String userId) {
            if (realmId == null || userId == null) {
                return;
            }
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            UserModel user = session.users().getUserById(realm, userId);
            RealmPolicy policy = RealmPolicy.of(realm);
            if (user != null && MfaBinding.lostSecondFactor(policy, user)) {
                MfaBinding.applyToOwner(session, realm, userId, policy);
            }
        }

        @Override
        public void close() {
        }
    }
}
