package io.appcredentials.keycloak.application;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;

/**
 * The realm's default application: the client that tokens issued from application credentials are issued
 * for ({@code azp}). It is an ordinary confidential client with no flow of its own enabled, so nobody can log
 * in "as" it; its client scopes, scope mappings and protocol mappers shape the tokens, which is how an admin
 * customizes them. Created the first time the extension is used in a realm.
 */
public final class DefaultApplication {

    public static final String CLIENT_ID = "app-credentials";
    /** Client attribute that marks a client as created by this extension. */
    public static final String MARKER_ATTRIBUTE = "app-credentials.default-application";

    private static final Logger LOG = Logger.getLogger(DefaultApplication.class);

    private DefaultApplication() {
    }

    /**
     * The default application of the realm. It is normally created with the realm (or at the first start of the
     * server for realms that existed before); if an admin deleted it, it is created again here, in a transaction
     * of its own so that concurrent uses neither fail nor create two. Where the database does not show the new
     * client to the caller's older transaction (MariaDB's repeatable read), the caller gets a 503 to retry.
     */
    public static ClientModel ensure(KeycloakSession session, RealmModel realm) {
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        if (client != null) {
            return client;
        }
        String realmId = realm.getId();
        synchronized (DefaultApplication.class) {
            try {
                KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                    RealmModel r = s.realms().getRealm(realmId);
                    s.getContext().setRealm(r);
                    if (r.getClientByClientId(CLIENT_ID) == null) {
                        create(s, r);
                    }
                });
            } catch (ModelDuplicateException e) {
                LOG.debugf("The default application of realm %s was created concurrently", realm.getName());
            }
        }
        client = session.clients().getClientByClientId(realm, CLIENT_ID);
        if (client == null) {
            throw new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "1").type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "temporarily_unavailable",
                            "errorMessage", "The realm's application credentials client was just created; try again"))
                    .build());
        }
        return client;
    }

    /** Creates the default application in the caller's transaction if the realm has none (realm creation, start-up). */
    public static void createIfMissing(KeycloakSession session, RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) == null) {
            create(session, realm);
        }
    }

    private static void create(KeycloakSession session, RealmModel realm) {
        LOG.infof("Creating the default application client '%s' in realm '%s'", CLIENT_ID, realm.getName());
        ClientRepresentation rep = new ClientRepresentation();
        rep.setClientId(CLIENT_ID);
        rep.setName("Application credentials");
        rep.setDescription("Tokens issued from users' application credentials are issued for this client. "
                + "Its client scopes, scope mappings and protocol mappers shape those tokens.");
        rep.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        rep.setEnabled(true);
        rep.setPublicClient(false);
        rep.setBearerOnly(false);
        rep.setClientAuthenticatorType(KeycloakModelUtils.getDefaultClientAuthenticatorType());
        rep.setStandardFlowEnabled(false);
        rep.setImplicitFlowEnabled(false);
        rep.setDirectAccessGrantsEnabled(false);
        rep.setServiceAccountsEnabled(false);
        rep.setFullScopeAllowed(true);
        rep.setConsentRequired(false);
        rep.setAttributes(Map.of(MARKER_ATTRIBUTE, "true", "client_credentials.use_refresh_token", "false"));
        ClientModel client = ClientManager.createClient(session, realm, rep);
        client.setSecret(KeycloakModelUtils.generateSecret(client));
        // tokens from credentials have no refresh or offline tokens
        client.getClientScopes(false).values().stream()
                .filter(scope -> OAuth2Constants.OFFLINE_ACCESS.equals(scope.getName()))
                .toList()
                .forEach(client::removeClientScope);
    }
}
