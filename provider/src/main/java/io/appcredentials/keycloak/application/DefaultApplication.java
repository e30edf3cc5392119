package io.appcredentials.keycloak.application;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;


import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;

/**
 * The realm's default application: the client that tokens issued from application credentials are issued
 * for ({@code azp}). It is an ordinary confidential client with no flow of its own enabled, so nobody can log
 * in "as" it; its client scopes, scope mappings and protocol mappers shape the tokens, which is how an admin
 * customizes them. Created with the realm (and, for realms that existed before the extension, or whose default
 * application was deleted, when the server starts), or by an administrator's explicit request; never by a read.
 */
public final class DefaultApplication {

    public static final String CLIENT_ID = "app-credentials";
    /** Client attribute that marks a client as created by this extension. */
    public static final String MARKER_ATTRIBUTE = "app-credentials.default-application";

    private static final Logger LOG = Logger.getLogger(DefaultApplication.class);
    /** Realms whose missing default application this node has logged. */
    private static final Set<String> REPORTED_MISSING = ConcurrentHashMap.newKeySet();

    private DefaultApplication() {
    }

    /**
     * The default application of the realm, or null when an administrator deleted it. Reading never creates it (a read
     * has no side effects, and deleting it may have been meant: it ends every credential issued for it); a missing one
     * is logged once per realm on this node, until it is back.
     */
    public static ClientModel find(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        if (client != null) {
            REPORTED_MISSING.remove(realm.getId());
        } else if (REPORTED_MISSING.add(realm.getId())) {
            LOG.warnf("The default application client '%s' of realm '%s' is missing: no application credential can be created for it. "
                    + "An administrator restores it with POST /admin/realms/%s/app-credentials/default-application "
                    + "(kcadm.sh create app-credentials/default-application -r %s), or it is created again when the server next starts.",
                    CLIENT_ID, realm.getName(), realm.getName(), realm.getName());
        }
        return client;
    }

    /**
     * Creates the default application again if it is missing: an administrator's explicit request, in the request's
     * own transaction, so the administrator's next request sees it on every database. Of two administrators restoring
     * it at the same moment, one creates it and the other's commit fails as a duplicate (Keycloak answers 409).
     * Returns whether it was created.
     */
    public static boolean restore(KeycloakSession session, RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) != null) {
            return false;
        }
        create(session, realm);
        REPORTED_MISSING.remove(realm.getId());
        return true;
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
