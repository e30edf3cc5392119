package io.appcredentials.testclock;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * TEST ONLY: {@code /realms/master/test-clock}, which moves the server's clock (see {@link TestClockResource}).
 * This jar is copied into the providers of the servers the integration tests start and nowhere else; the product
 * jar, the container image and the demo never have it.
 */
public final class TestClockResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "test-clock";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new TestClockResource(session);
            }

            @Override
            public void close() {
            }
        };
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
        return ID;
    }
}
