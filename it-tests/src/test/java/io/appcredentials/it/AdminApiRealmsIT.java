package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;
import io.appcredentials.it.support.Totp;

/**
 * The admin REST API takes a credential token "never in the master realm or with fine-grained admin permissions"
 * (README, the scope boundary; issue 18). {@code ScopeBoundaryIT#theAdminApiTakesACredentialTokenOnlyWithEveryAdminRoleOfItsOwner}
 * shows the rule in the demo realm and that a demo credential's token is refused by the master realm's admin API;
 * here the same token that the admin API takes is refused once the realm turns on admin permissions (v2, the
 * realm's {@code adminPermissionsEnabled}) and taken again when they are off, and a credential of the master
 * realm itself, granted the master {@code admin} role, is refused on every realm's admin API while its owner's own
 * token is not.
 */
@ExtendWith(TestServer.class)
class AdminApiRealmsIT {

    private final KeycloakServer server = TestServer.server();

    private String admin() {
        return Demo.masterAdminToken(server);
    }

    @Test
    void aRealmWithAdminPermissionsRefusesCredentialTokensAtTheAdminApi() {
        String admin = admin();
        String realm = "fgap-" + Long.toString(System.nanoTime(), 36);
        String base = server.baseUrl() + "/admin/realms/" + realm;
        assertEquals(201, Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", realm, "enabled", true)).status());
        try {
            // a user whose only admin role is view-users, and a credential granted exactly that
            Map<String, Object> user = Map.of("username", "helpdesk", "enabled", true, "firstName", "Help", "lastName", "Desk",
                    "email", "helpdesk@example.com", "emailVerified", true,
                    "credentials", List.of(Map.of("type", "password", "value", "password", "temporary", false), Demo.totpCredential()),
                    "realmRoles", List.of("default-roles-" + realm),
                    "clientRoles", Map.of("realm-management", List.of("view-users")));
            Http.Resp imported = Http.postJson(base + "/partialImport", admin, Map.of("ifResourceExists", "FAIL", "users", List.of(user)));
            assertEquals(200, imported.status(), imported.toString());
            String userId = Http.get(base + "/users?exact=true&username=helpdesk", admin).json().get(0).get("id").asText();
            Http.Resp created = Http.postJson(base + "/app-credentials/users/" + userId, admin, Map.of("name", "helpdesk-tool",
                    "clientRoles", Map.of("realm-management", List.of("view-users"))));
            assertEquals(201, created.status(), created.toString());
            String id = created.json().get("id").asText();
            String secret = created.json().get("secret").asText();
            String token = credentialToken(realm, id, secret);
            Http.Resp userLogin = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "password", "client_id", "admin-cli",
                    "username", "helpdesk", "password", "password", "totp", Totp.now(Demo.TEST_TOTP)), null, null);
            assertEquals(200, userLogin.status(), userLogin.toString());
            String userToken = userLogin.json().get("access_token").asText();

            String users = base + "/users?max=5";
            assertEquals(200, Http.get(users, token).status(), "control: without admin permissions the admin API takes it");
            assertEquals(200, Http.get(users, userToken).status(), "control: the owner's own token");

            setAdminPermissions(realm, true);
            assertTrue(Http.get(base, admin).json().get("adminPermissionsEnabled").asBoolean(), "admin permissions are on");
            Http.Resp refused = Http.get(users, token);
            assertEquals(401, refused.status(), "the token issued before: " + refused);
            Http.Resp fresh = Http.get(users, credentialToken(realm, id, secret));
            assertEquals(401, fresh.status(), "a token issued now: " + fresh);
            assertEquals(200, Http.get(users, userToken).status(), "control: the owner's own token is still taken");

            setAdminPermissions(realm, false);
            assertEquals(200, Http.get(users, token).status(), "admin permissions off again: taken again");
        } finally {
            Http.delete(base, admin());
        }
    }

    @Test
    void aMasterRealmCredentialIsRefusedOnEveryRealmsAdminApi() throws InterruptedException {
        String admin = admin();
        String master = server.baseUrl() + "/admin/realms/master";
        String username = "ops-" + Long.toString(System.nanoTime(), 36);
        boolean hadApplication = Http.get(master + "/clients?clientId=app-credentials", admin).json().size() > 0;
        Map<String, Object> user = Map.of("username", username, "enabled", true, "firstName", "Ops", "lastName", "Admin",
                "email", username + "@example.com", "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", "password", "temporary", false), Demo.totpCredential()),
                "realmRoles", List.of("admin", "default-roles-master"));
        Http.Resp imported = Http.postJson(master + "/partialImport", admin, Map.of("ifResourceExists", "FAIL", "users", List.of(user)));
        assertEquals(200, imported.status(), imported.toString());
        String userId = Http.get(master + "/users?exact=true&username=" + username, admin).json().get(0).get("id").asText();
        try {
            // the master realm gets no application of its own: an administrator creates it explicitly
            Http.Resp application = Http.postJson(master + "/app-credentials/default-application", admin, Map.of());
            assertTrue(application.status() == 201 || application.status() == 200, application.toString());
            Map<String, Object> body = Map.of("name", "master-tool", "realmRoles", List.of("admin", "create-realm"));
            Http.Resp created = Http.postJson(master + "/app-credentials/users/" + userId, admin, body);
            assertEquals(201, created.status(), created.toString());
            String token = credentialToken("master", created.json().get("id").asText(), created.json().get("secret").asText());
            JsonNode claims = Http.claims(token);
            assertTrue(claims.path("realm_access").path("roles").toString().contains("\"admin\""),
                    "the token carries the master admin role: " + claims);

            Http.Resp ownLogin = Http.postForm(server.tokenEndpoint("master"), Http.form("grant_type", "password", "client_id", "admin-cli",
                    "username", username, "password", "password", "totp", Totp.now(Demo.TEST_TOTP)), null, null);
            assertEquals(200, ownLogin.status(), ownLogin.toString());
            String ownToken = ownLogin.json().get("access_token").asText();

            for (String url : List.of(master + "/users?max=1", server.baseUrl() + "/admin/realms/" + Demo.REALM + "/users?max=1",
                    server.baseUrl() + "/admin/realms")) {
                assertEquals(200, Http.get(url, ownToken).status(), "control: the owner's own token at " + url);
                Http.Resp r = Http.get(url, token);
                assertEquals(401, r.status(), url + " -> " + r);
            }
            Http.Resp newRealm = Http.postJson(server.baseUrl() + "/admin/realms", token, Map.of("realm", "by-credential", "enabled", true));
            assertEquals(401, newRealm.status(), newRealm.toString());
            assertEquals(404, Http.get(server.baseUrl() + "/admin/realms/by-credential", admin()).status(), "no realm created");
        } finally {
            String a = admin();
            Http.delete(master + "/users/" + userId, a);
            if (!hadApplication) {
                JsonNode app = Http.get(master + "/clients?clientId=app-credentials", a).json();
                if (app.size() > 0) {
                    Http.delete(master + "/clients/" + app.get(0).get("id").asText(), a);
                }
            }
        }
    }

    private String credentialToken(String realm, String id, String secret) {
        Http.Resp r = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "client_credentials"), id, secret);
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    /** Turns the realm's admin permissions (fine-grained admin permissions v2) on or off through the realm's representation. */
    private void setAdminPermissions(String realm, boolean on) {
        String admin = admin();
        String url = server.baseUrl() + "/admin/realms/" + realm;
        ObjectNode rep = (ObjectNode) Http.get(url, admin).json();
        rep.put("adminPermissionsEnabled", on);
        Http.Resp r = Http.putJson(url, admin, rep);
        assertEquals(204, r.status(), r.toString());
    }
}
