package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * Reads have no side effects (issue 22, point 7): after an administrator deleted a realm's default application,
 * {@code GET /options} and {@code PUT policy} do not create it again; {@code /options} and the server log say it is
 * missing; creating a credential is a clear 409; an administrator restores it explicitly. In a realm of the test's own,
 * since deleting the client ends every credential issued for it.
 */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class DefaultApplicationIT {

    private final KeycloakServer server = TestServer.server();

    @Test
    void aDeletedDefaultApplicationIsReportedNotRecreatedByReadsAndRestoredByAnAdministrator() {
        String admin = Demo.masterAdminToken(server);
        String realm = "no-app-" + System.nanoTime();
        String adminRealm = server.baseUrl() + "/admin/realms/" + realm;
        assertEquals(201, Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", realm, "enabled", true,
                "adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).status());
        try {
            assertEquals(201, Http.postJson(adminRealm + "/users", admin, Map.of("username", "worker", "enabled", true,
                    "email", "worker@example.com", "emailVerified", true, "firstName", "W", "lastName", "Orker",
                    "credentials", List.of(Map.of("type", "password", "value", "password", "temporary", false)))).status());
            JsonNode apps = Http.get(adminRealm + "/clients?clientId=app-credentials", admin).json();
            assertEquals(1, apps.size(), "control: a new realm gets its default application");
            assertEquals(204, Http.delete(adminRealm + "/clients/" + apps.get(0).get("id").asText(), admin).status());

            Http.Resp login = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "password", "client_id", "admin-cli",
                    "username", "worker", "password", "password"), null, null);
            assertEquals(200, login.status(), login.toString());
            String token = login.json().get("access_token").asText();
            String userApi = server.realmUrl(realm) + "/app-credentials";

            Http.Resp options = Http.get(userApi + "/options", token);
            assertEquals(200, options.status(), options.toString());
            assertEquals(0, options.json().get("clients").size(), options.toString());
            JsonNode unavailable = options.json().get("unavailableClients");
            assertEquals(1, unavailable.size(), options.toString());
            assertEquals("app-credentials", unavailable.get(0).get("clientId").asText());
            assertTrue(unavailable.get(0).get("default").asBoolean());
            assertEquals("missing", unavailable.get(0).get("reason").asText());
            assertEquals(0, Http.get(adminRealm + "/clients?clientId=app-credentials", admin).json().size(), "/options created nothing");
            assertTrue(server.logText().contains("The default application client 'app-credentials' of realm '" + realm + "' is missing"),
                    "the log says so");

            // a policy PUT naming it (the default allowedClients) is no way to re-create it either
            ObjectNode policy = (ObjectNode) Http.get(adminRealm + "/app-credentials/policy", admin).json();
            policy.put("requireMfa", false);
            Http.Resp put = Http.putJson(adminRealm + "/app-credentials/policy", admin, policy);
            assertEquals(200, put.status(), put.toString());
            assertEquals(0, Http.get(adminRealm + "/clients?clientId=app-credentials", admin).json().size(), "PUT policy created nothing");
            JsonNode status = Http.get(adminRealm + "/app-credentials/default-application", admin).json();
            assertFalse(status.get("present").asBoolean(), status.toString());

            Http.Resp create = Http.postJson(userApi, token, Map.of("name", "while-missing"));
            assertEquals(409, create.status(), create.toString());
            assertEquals("application_unavailable", create.json().get("error").asText());
            assertEquals("clientId", create.json().get("field").asText());
            assertTrue(create.json().get("errorMessage").asText().contains("/app-credentials/default-application"), create.toString());
            assertEquals(0, Http.get(adminRealm + "/clients?clientId=app-credentials", admin).json().size(), "a create re-creates nothing");

            // the administrator restores it; a second request finds it there
            Http.Resp restored = Http.postJson(adminRealm + "/app-credentials/default-application", admin, Map.of());
            assertEquals(201, restored.status(), restored.toString());
            assertTrue(restored.json().get("present").asBoolean());
            assertEquals(200, Http.postJson(adminRealm + "/app-credentials/default-application", admin, Map.of()).status(), "already there");
            // the restore is a write, so an admin event (CREATE); finding it there is not (nothing written, no event)
            List<String> restores = new java.util.ArrayList<>();
            for (JsonNode e : Http.get(adminRealm + "/admin-events?max=100", admin).json()) {
                if (e.path("resourcePath").asText().endsWith("app-credentials/default-application")) {
                    restores.add(e.path("operationType").asText());
                }
            }
            assertEquals(List.of("CREATE"), restores, "one admin event for the one restore");
            assertEquals(1, Http.get(adminRealm + "/clients?clientId=app-credentials", admin).json().size());
            JsonNode after = Http.get(userApi + "/options", token).json();
            assertEquals("app-credentials", after.get("clients").get(0).get("clientId").asText(), after.toString());
            assertEquals(0, after.get("unavailableClients").size());
            Http.Resp created = Http.postJson(userApi, token, Map.of("name", "after-restore"));
            assertEquals(201, created.status(), created.toString());
            assertEquals(200, Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "client_credentials"),
                    created.json().get("id").asText(), created.json().get("secret").asText()).status());
        } finally {
            Http.delete(adminRealm, Demo.masterAdminToken(server));
        }
    }

    @Test
    void restoringNeedsThePermissionToManageClients() {
        Demo.TestUser viewer = Demo.aliceLike(server);
        // alice's roles include realm-management view-users only
        Http.Resp refused = Http.postJson(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/app-credentials/default-application",
                viewer.token(server), Map.of());
        assertEquals(403, refused.status(), refused.toString());
    }
}
