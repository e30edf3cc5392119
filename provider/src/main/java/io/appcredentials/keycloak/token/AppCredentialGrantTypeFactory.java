package io.appcredentials.keycloak.token;

import org.keycloak.Config;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

import io.appcredentials.keycloak.boundary.AppCredentialTokenBoundary;
import io.appcredentials.keycloak.boundary.BoundaryHook;

/**
 * Takes the place of Keycloak's {@code client_credentials} grant factory (same id, higher order); ordinary
 * clients are passed to Keycloak's implementation.
 */
public class AppCredentialGrantTypeFactory implements OAuth2GrantTypeFactory, BoundaryHook {

    @Override
    public String getId() {
        return OAuth2Constants.CLIENT_CREDENTIALS;
    }

    @Override
    public String getShortcut() {
        return "cc";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new AppCredentialGrantType();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        AppCredentialTokenBoundary.checkAtStartup(factory);
    }

    @Override
    public void close() {
    }
}
