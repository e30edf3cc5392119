package io.appcredentials.keycloak.lifecycle;

import java.util.HashMap;
import java.util.Map;

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

import io.appcredentials.keycloak.boundary.AppCredentialTokens;
import io.appcredentials.keycloak.mfa.LinkProvenance;
import io.appcredentials.keycloak.mfa.MfaBinding;
import io.appcredentials.keycloak.mfa.MfaEvidence;
import io.appcredentials.keycloak.model.jpa.StoredEvents;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.secret.SecretRedaction;

/**
 * A global event listener (no realm setting needed) with three duties:
 * <ul>
 *   <li>the second-factor binding when a user's second factor is removed through the account console, the admin
 *       console or the admin API (the token path checks the same thing on every request, so a missed event cannot
 *       leave a credential working);</li>
 *   <li>at the end of a sign-in, noting a passkey that Keycloak's username/password form took, which its own record
 *       of the sign-in does not tell apart from a password ({@link MfaEvidence#recordPasskeySignIn});</li>
 *   <li>keeping credential secrets out of stored events: when someone sends a secret where Keycloak expects a client
 *       id (at the authorization or logout endpoint, say), the event Keycloak records carries it; the event and
 *       its stored row are redacted before the transaction commits. (The server log is redacted by
 *       {@link SecretRedaction#installLogFilter}.)</li>
 * </ul>
 */
public class AppCredentialsEventListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "app-credentials";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new Listener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
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
            redactSecrets(event);
            // how a link to an identity provider came about, for the provider's second factor to vouch or not
            LinkProvenance.onEvent(session, event);
            EventType type = event.getType();
            if ((type == EventType.REMOVE_CREDENTIAL || type == EventType.UPDATE_CREDENTIAL || type == EventType.REMOVE_FEDERATED_IDENTITY)
                    && !aboutApplicationCredential(event)) {
                check(event.getRealmId(), event.getUserId());
            } else if (type == EventType.LOGIN && event.getRealmId() != null) {
                // a passkey taken by the username/password form: see MfaEvidence
                MfaEvidence.recordPasskeySignIn(session, session.realms().getRealm(event.getRealmId()), event.getSessionId());
            }
        }

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {
            LinkProvenance.onAdminEvent(session, event);
            String path = event.getResourcePath();
            if (event.getResourceType() == ResourceType.USER && path != null && path.startsWith("users/")) {
                String[] parts = path.split("/");
                if (parts.length >= 3 && (parts[2].equals("credentials") || parts[2].startsWith("remove-totp")
                        || parts[2].equals("reset-password") || parts[2].equals("federated-identity"))) {
                    check(event.getRealmId(), parts[1]);
                }
            }
        }

        /**
         * An event this extension wrote about one of its credentials: never a second-factor change, whatever its type
         * (its writes are client events, not Keycloak's credential events; this holds even if one ever were).
         */
        static boolean aboutApplicationCredential(Event event) {
            return event.getDetails() != null && event.getDetails().containsKey(AppCredentialTokens.CLAIM);
        }

        private void redactSecrets(Event event) {
            boolean inDetails = event.getDetails() != null && event.getDetails().values().stream().anyMatch(SecretRedaction::containsSecret);
            if (!SecretRedaction.containsSecret(event.getClientId()) && !inDetails) {
                return;
            }
            event.setClientId(SecretRedaction.redact(event.getClientId()));
            if (inDetails) {
                Map<String, String> details = new HashMap<>(event.getDetails());
                details.replaceAll((k, v) -> SecretRedaction.redact(v));
                event.setDetails(details);
            }
            // the event store ran before the listeners and wrote the secret too
            StoredEvents.rewrite(session, event.getId(), SecretRedaction::redact);
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
            // cheap first: with a local factor left and no trusted identity provider, nothing can be gone
            if (user != null && (!MfaEvidence.hasSecondFactor(user) || !policy.trustedIdpMfa().isEmpty())) {
                MfaBinding.applyLoss(session, realm, userId, policy);
            }
        }

        @Override
        public void close() {
        }
    }
}
