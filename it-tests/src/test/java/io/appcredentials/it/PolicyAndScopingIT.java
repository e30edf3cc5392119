package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.DatabaseRows;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/** Scoped credentials, identity binding and the realm policy (issue 4). */
@ExtendWith(TestServer.class)
class PolicyAndScopingIT {

    private final KeycloakServer server = TestServer.server();
    private final Demo.TestUser user = Demo.aliceLike(server);

    private String adminUrl(String path) {
        return server.baseUrl() + "/admin/realms/demo" + path;
    }

    private JsonNode token(JsonNode credential, String scope) {
        Map<String, String> form = Http.form("grant_type", "client_credentials");
        if (scope != null) {
            form.put("scope", scope);
        }
        Http.Resp r = Http.postForm(server.tokenEndpoint(Demo.REALM), form, credential.get("id").asText(), credential.get("secret").asText());
        assertEquals(200, r.status(), r.toString());
        return Http.claims(r.json().get("access_token").asText());
    }

    @Test
    void removingARoleFromTheOwnerShrinksEveryCredentialAtOnce() {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "shrink",
                "realmRoles", List.of("writer"), "clientRoles", Map.of("my-api", List.of("writer"))));
        JsonNode before = token(c, null);
        assertTrue(before.get("realm_access").get("roles").toString().contains("\"writer\""));
        assertTrue(before.get("realm_access").get("roles").toString().contains("\"reader\""), "composite of writer");
        assertEquals("[\"writer\"]", before.get("resource_access").get("my-api").get("roles").toString());

        String admin = Demo.masterAdminToken(server);
        JsonNode writer = Http.get(adminUrl("/roles/writer"), admin).json();
        Http.Resp removed = Http.send("DELETE", adminUrl("/users/" + user.id() + "/role-mappings/realm"), admin, List.of(writer));
        assertEquals(204, removed.status(), removed.toString());
        String myApi = Http.get(adminUrl("/clients?clientId=my-api"), admin).json().get(0).get("id").asText();
        JsonNode apiWriter = Http.get(adminUrl("/clients/" + myApi + "/roles/writer"), admin).json();
        assertEquals(204, Http.send("DELETE", adminUrl("/users/" + user.id() + "/role-mappings/clients/" + myApi), admin, List.of(apiWriter)).status());

        JsonNode after = token(c, null);
        JsonNode realmAccess = after.get("realm_access");
        assertTrue(realmAccess == null || !realmAccess.get("roles").toString().contains("writer"), String.valueOf(realmAccess));
        assertTrue(realmAccess == null || !realmAccess.get("roles").toString().contains("reader"), "reader came only through writer");
        JsonNode resourceAccess = after.get("resource_access");
        assertTrue(resourceAccess == null || resourceAccess.get("my-api") == null, String.valueOf(resourceAccess));
    }

    @Test
    void scopesAreASubsetOfTheApplicationsOptionalScopesAndTheRequestCanOnlyNarrow() {
        String admin = Demo.masterAdminToken(server);
        // make sure the default application exists, then give it two optional client scopes
        Http.get(Demo.credentialsUrl(server) + "/options", user.token(server));
        String app = Http.get(adminUrl("/clients?clientId=app-credentials"), admin).json().get(0).get("id").asText();
        for (String scope : List.of("api:read", "api:write")) {
            Http.Resp created = Http.postJson(adminUrl("/client-scopes"), admin, Map.of("name", scope, "protocol", "openid-connect",
                    "attributes", Map.of("include.in.token.scope", "true")));
            assertTrue(created.status() == 201 || created.status() == 409, created.toString());
            String id = Http.get(adminUrl("/client-scopes"), admin).json().findParents("name").stream()
                    .filter(n -> n.get("name").asText().equals(scope)).findFirst().orElseThrow().get("id").asText();
            Http.Resp linked = Http.putJson(adminUrl("/clients/" + app + "/optional-client-scopes/" + id), admin, "");
            assertEquals(204, linked.status(), linked.toString());
        }
        JsonNode options = Http.get(Demo.credentialsUrl(server) + "/options", user.token(server)).json();
        String offered = options.get("clients").get(0).get("scopes").toString();
        assertTrue(offered.contains("\"api:read\"") && offered.contains("\"api:write\""), offered);
        assertFalse(offered.contains("offline_access"), "no refresh/offline tokens from credentials: " + offered);

        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "scoped", "scopes", List.of("api:read")));
        String all = token(c, null).get("scope").asText();
        assertTrue(List.of(all.split(" ")).contains("api:read"), all);
        assertFalse(all.contains("api:write"), all);
        assertTrue(List.of(token(c, "api:read").get("scope").asText().split(" ")).contains("api:read"));

        Http.Resp widen = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "client_credentials", "scope", "api:write"),
                c.get("id").asText(), c.get("secret").asText());
        assertEquals(400, widen.status(), widen.toString());
        assertEquals("invalid_scope", widen.json().get("error").asText());

        JsonNode none = Demo.create(server, user.token(server), Map.of("name", "unscoped"));
        assertFalse(token(none, null).get("scope").asText().contains("api:read"));
    }

    @Test
    void anotherApplicationCanBeAllowedByPolicy() {
        JsonNode before = Demo.setPolicy(server, Map.of("allowedClients", List.of("app-credentials", "my-api")));
        try {
            JsonNode c = Demo.create(server, user.token(server), Map.of("name", "for-my-api", "clientId", "my-api"));
            assertEquals("my-api", c.get("clientId").asText());
            assertEquals("my-api", token(c, null).get("azp").asText());
        } finally {
            Demo.restorePolicy(server, before);
        }
        Http.Resp notAllowed = Http.postJson(Demo.credentialsUrl(server), user.token(server), Map.of("name", "x", "clientId", "my-api"));
        assertEquals(400, notAllowed.status());
    }

    @Test
    void policyIsValidatedOnWrite() {
        String admin = Demo.masterAdminToken(server);
        JsonNode policy = Http.get(Demo.policyUrl(server), admin).json();
        assertEquals(true, policy.get("enabled").asBoolean());
        assertEquals(10, policy.get("maxPerUser").asInt());
        assertEquals("suspend", policy.get("onMfaRemoved").asText());
        assertEquals("[\"app-credentials\"]", policy.get("allowedClients").toString());
        assertTrue(policy.get("accessTokenLifespanSeconds").isNull());
        for (Object[] bad : new Object[][] {
                { Map.of("maxLifetimeDays", 0), "maxLifetimeDays" },
                { Map.of("defaultLifetimeDays", 400), "defaultLifetimeDays" },
                { Map.of("maxPerUser", -1), "maxPerUser" },
                { Map.of("onMfaRemoved", "explode"), "onMfaRemoved" },
                { Map.of("allowedClients", List.of("no-such-client")), "allowedClients" },
                { Map.of("allowedClients", List.of("admin-cli")), "allowedClients" },
                { Map.of("mfaMaxAgeSeconds", 1), "mfaMaxAgeSeconds" },
                { Map.of("retentionDays", -3), "retentionDays" },
                { Map.of("surprise", 1), "surprise" } }) {
            Http.Resp r = Http.putJson(Demo.policyUrl(server), admin, bad[0]);
            assertEquals(400, r.status(), bad[0] + " -> " + r);
            assertEquals(bad[1], r.json().get("field").asText(), r.toString());
        }
        assertEquals(policy, Http.get(Demo.policyUrl(server), admin).json(), "nothing changed");
    }

    @Test
    void policyBoundsAreEnforced() {
        JsonNode before = Demo.setPolicy(server, Map.of("maxLifetimeDays", 10, "defaultLifetimeDays", 5, "accessTokenLifespanSeconds", 60));
        try {
            String token = user.token(server);
            Http.Resp tooLong = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "long",
                    "expiresAt", Instant.now().plus(20, ChronoUnit.DAYS).toString()));
            assertEquals(400, tooLong.status(), tooLong.toString());
            assertEquals("expiresAt", tooLong.json().get("field").asText());
            JsonNode options = Http.get(Demo.credentialsUrl(server) + "/options", token).json();
            assertTrue(Instant.parse(options.get("maxExpiresAt").asText()).isBefore(Instant.now().plus(10, ChronoUnit.DAYS).plusSeconds(60)));
            JsonNode c = Demo.create(server, token, Map.of("name", "default-lifetime"));
            long days = ChronoUnit.HOURS.between(Instant.now(), Instant.parse(c.get("expiresAt").asText())) / 24;
            assertEquals(4, days, "5 days, minus the hours of this test: " + c.get("expiresAt"));
            JsonNode claims = token(c, null);
            assertEquals(60, claims.get("exp").asLong() - claims.get("iat").asLong());
        } finally {
            Demo.restorePolicy(server, before);
        }
        JsonNode off = Demo.setPolicy(server, Map.of("enabled", false));
        try {
            Http.Resp r = Http.postJson(Demo.credentialsUrl(server), user.token(server), Map.of("name", "nope"));
            assertEquals(403, r.status(), r.toString());
        } finally {
            Demo.restorePolicy(server, off);
        }
    }

    /**
     * A role deleted in Keycloak leaves every grant: the delete succeeds (the grant table's foreign key cascades, it
     * does not block Keycloak's own delete), the credential no longer lists the role, its next token lacks it, and
     * no grant row names it. A role it grants that still exists stays.
     */
    @Test
    void deletingARoleRemovesItFromEveryCredentialThatGrantsIt() {
        String admin = Demo.masterAdminToken(server);
        String name = "ephemeral-" + System.nanoTime();
        assertEquals(201, Http.postJson(adminUrl("/roles"), admin, Map.of("name", name)).status());
        JsonNode role = Http.get(adminUrl("/roles/" + name), admin).json();
        assertEquals(204, Http.postJson(adminUrl("/users/" + user.id() + "/role-mappings/realm"), admin, List.of(role)).status());
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "grants-" + name, "realmRoles", List.of(name, "writer")));
        String id = c.get("id").asText();
        assertTrue(token(c, null).get("realm_access").get("roles").toString().contains("\"" + name + "\""), "control: the token carries the role");
        assertTrue(Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json().get("realmRoles").toString()
                .contains("\"" + name + "\""), "control: the credential lists the role");
        assertEquals(1, DatabaseRows.awaitCount(server, 1, Duration.ofSeconds(30),
                "SELECT COUNT(*) FROM APP_CREDENTIAL_ROLE WHERE ROLE_ID = ?", role.get("id").asText()), "control: the grant row");

        Http.Resp deleted = Http.delete(adminUrl("/roles-by-id/" + role.get("id").asText()), admin);
        assertEquals(204, deleted.status(), "Keycloak deletes the role despite the grant: " + deleted);

        JsonNode listed = Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json();
        assertEquals("[\"writer\"]", listed.get("realmRoles").toString(), "the deleted role is gone, the other stays: " + listed);
        JsonNode roles = token(c, null).get("realm_access").get("roles");
        assertFalse(roles.toString().contains(name), "the next token lacks the deleted role: " + roles);
        assertTrue(roles.toString().contains("\"writer\""), "and keeps the role that still exists: " + roles);
        assertEquals(0, DatabaseRows.awaitCount(server, 0, Duration.ofSeconds(30),
                "SELECT COUNT(*) FROM APP_CREDENTIAL_ROLE WHERE ROLE_ID = ?", role.get("id").asText()),
                "no grant row names the deleted role (" + server.database().vendor() + ")");
        assertEquals(1, DatabaseRows.awaitCount(server, 1, Duration.ofSeconds(30),
                "SELECT COUNT(*) FROM APP_CREDENTIAL_ROLE WHERE CREDENTIAL_ID = ?", id), "the other grant row stays");
    }

    @Test
    void deletingTheOwnerDeletesTheirCredentials() {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "orphan"));
        String admin = Demo.masterAdminToken(server);
        String id = c.get("id").asText();
        assertEquals(200, Http.get(Demo.adminCredentialsUrl(server) + "/" + id, admin).status());
        assertEquals(1, awaitRows(id, 1), "control: the credential's row is in the database (" + server.database().vendor() + ")");
        assertEquals(204, Http.delete(adminUrl("/users/" + user.id()), admin).status());
        assertEquals(404, Http.get(Demo.adminCredentialsUrl(server) + "/" + id, admin).status());
        assertEquals(401, Demo.clientCredentialsBasic(server, id, c.get("secret").asText()).status());
        assertEquals(0, awaitRows(id, 0), "the APP_CREDENTIAL row is gone with its owner (" + server.database().vendor() + ")");
        assertEquals(0, awaitOwnerRows(user.id(), 0), "no row of the deleted owner is left");
    }

    @Test
    void deletingTheRealmDeletesItsCredentials() throws Exception {
        String admin = Demo.masterAdminToken(server);
        String realm = "cascade-" + System.nanoTime();
        assertEquals(201, Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", realm, "enabled", true)).status());
        assertEquals(201, Http.postJson(server.baseUrl() + "/admin/realms/" + realm + "/users", admin,
                Map.of("username", "someone", "enabled", true, "credentials", List.of(Demo.totpCredential()))).status());
        String userId = Http.get(server.baseUrl() + "/admin/realms/" + realm + "/users?username=someone", admin).json().get(0).get("id").asText();
        Http.Resp created = Http.postJson(server.baseUrl() + "/admin/realms/" + realm + "/app-credentials/users/" + userId, admin, Map.of("name", "doomed"));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        assertEquals(200, Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "client_credentials"), id,
                created.json().get("secret").asText()).status(), "works in a freshly created realm with no setup");
        String realmId = Http.get(server.baseUrl() + "/admin/realms/" + realm, admin).json().get("id").asText();
        assertEquals(1, awaitRows(id, 1), "control: the credential's row is in the database (" + server.database().vendor() + ")");
        assertEquals(204, Http.delete(server.baseUrl() + "/admin/realms/" + realm, admin).status());
        assertEquals(0, awaitRows(id, 0), "the APP_CREDENTIAL row is gone with its realm (" + server.database().vendor() + ")");
        assertEquals(0, DatabaseRows.awaitCount(server, 0, Duration.ofSeconds(30), "SELECT COUNT(*) FROM APP_CREDENTIAL WHERE REALM_ID = ?", realmId),
                "no row of the deleted realm is left");
    }

    /**
     * The credential's rows in the server's database, read until there are {@code expected} (bounded: H2's file,
     * read from a copy, gets a commit within about a second), on every database the tests run on.
     */
    private long awaitRows(String id, long expected) {
        return DatabaseRows.awaitCount(server, expected, Duration.ofSeconds(30), "SELECT COUNT(*) FROM APP_CREDENTIAL WHERE ID = ?", id);
    }

    private long awaitOwnerRows(String userId, long expected) {
        return DatabaseRows.awaitCount(server, expected, Duration.ofSeconds(30), "SELECT COUNT(*) FROM APP_CREDENTIAL WHERE USER_ID = ?", userId);
    }
}
