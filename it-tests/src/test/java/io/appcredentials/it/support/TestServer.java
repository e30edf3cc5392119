package io.appcredentials.it.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: starts one Keycloak for the whole test run (on first use) and stops it when the run ends,
 * failed tests or not. Test classes use {@code @ExtendWith(TestServer.class)} and {@link #server()}. After each test
 * class, the server's clock is put back if a test moved it ({@link TestClock}), so that no offset leaks into the next.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {

    private static volatile KeycloakServer server;

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Holder.class, k -> {
            server = KeycloakServer.startDefault();
            Demo.prepareForTests(server);
            return new Holder();
        }, Holder.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            TestClock.resetIfMoved(server);
        }
    }

    public static KeycloakServer server() {
        if (server == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(TestServer.class)");
        }
        return server;
    }
}
