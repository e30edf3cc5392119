package io.appcredentials.keycloak.model.jpa;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.AppCredentialProviderFactory;

/** The {@code jpa} provider: credentials in Keycloak's database, through its entity manager. */
public class JpaAppCredentialProviderFactory implements AppCredentialProviderFactory {

    public static final String PROVIDER_ID = "jpa";

    @Override
    public AppCredentialProvider create(KeycloakSession session) {
        return new JpaAppCredentialProvider(session, session.getProvider(JpaConnectionProvider.class).getEntityManager());
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
}
