package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * Fail closed: a server on which hooks of the scope boundary are replaced by server options (Keycloak's own
 * revoked-token store selected, the token-exchange refusal disabled) refuses credentials at the token endpoint, and its
 * log says which hooks are missing. The test run's own server, configured as documented, says they are all in force.
 */
@ExtendWith(TestServer.class)
class BoundaryHooksIT {

    private static KeycloakServer replaced;

    @BeforeAll
    static void startAServerWithHooksReplaced() {
        replaced = KeycloakServer.startSeparate("hooks-replaced", List.of(
                "--spi-revoked-token--provider=infinispan",
                "--spi-oauth2-token-exchange--app-credentials-refusal--enabled=false"));
    }

    @AfterAll
    static void stop() {
        if (replaced != null) {
            replaced.stop();
        }
    }

    @Test
    void aServerWithReplacedHooksRefusesCredentialsAtTheTokenEndpointAndSaysWhy() {
        String startLine = replaced.logText().lines().filter(l -> l.contains("Application credentials are refused on this server"))
                .findFirst().orElseThrow(() -> new AssertionError("no start-up line naming the missing hooks:\n" + replaced.logTail(80)));
        assertTrue(startLine.contains("revoked-token store: Keycloak uses 'infinispan'"), startLine);
        assertTrue(startLine.contains("token-exchange refusal"), startLine);

        // a credential can still be created (the user API does not hand out tokens), but not used
        JsonNode c = Demo.create(replaced, Demo.aliceToken(replaced), Map.of("name", "on-a-misconfigured-server"));
        Http.Resp r = Demo.clientCredentialsBasic(replaced, c.get("id").asText(), c.get("secret").asText());
        assertEquals(401, r.status(), r.toString());
        assertEquals("invalid_client", r.json().get("error").asText());
        assertEquals("Application credentials are unavailable: the server's configuration does not enforce their restrictions",
                r.json().get("error_description").asText());
        assertTrue(replaced.logText().lines().anyMatch(l -> l.contains("An application credential was refused at the token endpoint")
                && l.contains("revoked-token store")), "a log line at the refusal naming the hook:\n" + replaced.logTail(40));

        // the administrator's event says why as well
        JsonNode events = Http.get(replaced.baseUrl() + "/admin/realms/" + Demo.REALM + "/events?type=CLIENT_LOGIN_ERROR&max=20",
                Demo.masterAdminToken(replaced)).json();
        boolean explained = false;
        for (JsonNode e : events) {
            explained |= c.get("id").asText().equals(e.path("details").path("app_credential").asText())
                    && e.path("details").path("reason").asText().contains("revoked-token store");
        }
        assertTrue(explained, events.toString());
    }

    @Test
    void theTestRunsServerHasEveryHookInForce() {
        KeycloakServer server = TestServer.server();
        assertTrue(server.logText().contains("Application credentials: every hook of the scope boundary is in force"), server.logTail(40));
        assertTrue(server.logText().lines().noneMatch(l -> l.contains("Application credentials are refused on this server")));
    }
}
