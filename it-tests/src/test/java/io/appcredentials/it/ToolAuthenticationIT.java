package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/** Tools get tokens with standard client credentials at the realm's token endpoint. */
@ExtendWith(TestServer.class)
@Tag("container")
class ToolAuthenticationIT {

    private final KeycloakServer server = TestServer.server();
    private final Demo.TestUser user = Demo.aliceLike(server);

    private JsonNode newCredential(Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.putIfAbsent("name", "tool-" + System.nanoTime());
        return Demo.create(server, user.token(server), body);
    }

    @Test
    void basicAndFormPostBothIssueAnOwnerTokenForTheApplication() {
        JsonNode c = newCredential(Map.of("realmRoles", List.of("reader"), "clientRoles", Map.of("my-api", List.of("reader"))));
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();

        for (Http.Resp r : List.of(Demo.clientCredentialsBasic(server, id, secret), Demo.clientCredentialsPost(server, id, secret))) {
            assertEquals(200, r.status(), r.toString());
            JsonNode body = r.json();
            assertNull(body.get("refresh_token"), "no refresh token");
            assertNull(body.get("id_token"), "no id token for a tool");
            assertEquals("Bearer", body.get("token_type").asText());
            JsonNode claims = Http.claims(body.get("access_token").asText());
            assertEquals(user.id(), claims.get("sub").asText());
            assertEquals(user.username(), claims.get("preferred_username").asText());
            assertEquals("app-credentials", claims.get("azp").asText());
            assertEquals(id, claims.get("app_credential").asText());
            List<String> realmRoles = new ArrayList<>();
            claims.get("realm_access").get("roles").forEach(n -> realmRoles.add(n.asText()));
            assertEquals(List.of("reader"), realmRoles, "only the granted role, not alice's writer or default roles");
            assertEquals("[\"reader\"]", claims.get("resource_access").get("my-api").get("roles").toString());
            assertNull(claims.get("resource_access").get("realm-management"), "alice's view-users was not granted");
            assertNull(claims.get("resource_access").get("account"), "default account roles were not granted");
            assertTrue(claims.get("exp").asLong() <= Instant.parse(c.get("expiresAt").asText()).getEpochSecond());
        }
    }

    @Test
    void tokenLifetimeNeverPassesTheCredentialsExpiry() {
        String soon = Instant.now().plusSeconds(40).toString();
        JsonNode c = newCredential(Map.of("expiresAt", soon));
        JsonNode body = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).json();
        long exp = Http.claims(body.get("access_token").asText()).get("exp").asLong();
        assertTrue(exp <= Instant.parse(c.get("expiresAt").asText()).getEpochSecond(), "exp " + exp);
        assertTrue(body.get("expires_in").asLong() <= 41, body.toString());
    }

    @Test
    void unknownIdAndWrongSecretAreIndistinguishable() {
        JsonNode c = newCredential(Map.of());
        String id = c.get("id").asText();
        // well-formed (prefix, length, alphabet, CRC32 checksum): it passes the format check, so the credential is
        // looked up and the secret compared, which a malformed one never reaches
        Http.Resp wrongSecret = Demo.clientCredentialsBasic(server, id, KeyAndSecretIT.wellFormedSecret());
        Http.Resp unknownId = Demo.clientCredentialsBasic(server, "ac_00000000000000000000", c.get("secret").asText());
        Http.Resp garbage = Demo.clientCredentialsPost(server, "ac_x", "nope");
        assertEquals(401, wrongSecret.status());
        assertEquals(wrongSecret.status(), unknownId.status());
        assertEquals(wrongSecret.body(), unknownId.body());
        assertEquals(wrongSecret.body(), garbage.body());
        assertEquals("invalid_client", wrongSecret.json().get("error").asText());
    }

    @Test
    void refusalsSayWhyOnlyToTheHolderOfTheSecret() {
        String token = user.token(server);
        JsonNode c = newCredential(Map.of());
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + id, token).status());
        Http.Resp r = Demo.clientCredentialsBasic(server, id, secret);
        assertEquals(401, r.status());
        assertEquals("invalid_client", r.json().get("error").asText());
        assertTrue(r.json().get("error_description").asText().contains("revoked"), r.toString());
    }

    @Test
    void aDisabledOwnerIsRefusedAndComesBackWhenEnabled() {
        String username = Demo.newUserWithTotp(server, List.of("default-roles-demo", "reader"), Map.of());
        String userId = Demo.userId(server, username);
        JsonNode c = Demo.create(server, Demo.token(server, username, "password", Demo.TEST_TOTP), Map.of("name", "job"));
        String admin = Demo.masterAdminToken(server);
        String userUrl = server.baseUrl() + "/admin/realms/demo/users/" + userId;
        assertEquals(204, Http.putJson(userUrl, admin, Map.of("enabled", false)).status());
        Http.Resp refused = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
        assertEquals(401, refused.status());
        assertTrue(refused.json().get("error_description").asText().contains("owner is disabled"), refused.toString());
        assertEquals(204, Http.putJson(userUrl, admin, Map.of("enabled", true)).status());
        assertEquals(200, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status());
    }

    @Test
    void userinfoAndIntrospectionWorkAndIntrospectionEndsWithTheCredential() {
        String userToken = user.token(server);
        JsonNode c = Demo.create(server, userToken, Map.of("name", "introspected-" + System.nanoTime(),
                "clientRoles", Map.of("my-api", List.of("reader"))));
        String accessToken = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).json().get("access_token").asText();

        Http.Resp userinfo = Http.get(server.realmUrl(Demo.REALM) + "/protocol/openid-connect/userinfo", accessToken);
        assertEquals(200, userinfo.status(), userinfo.toString());
        assertEquals(user.username(), userinfo.json().get("preferred_username").asText());

        JsonNode active = introspect(accessToken);
        assertTrue(active.get("active").asBoolean(), active.toString());
        assertEquals(user.id(), active.get("sub").asText());
        assertEquals("app-credentials", active.get("client_id").asText());

        assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + c.get("id").asText(), userToken).status());
        assertFalse(introspect(accessToken).get("active").asBoolean(), "revoked credential, token no longer active");
        assertEquals(401, Http.get(server.realmUrl(Demo.REALM) + "/protocol/openid-connect/userinfo", accessToken).status());
    }

    @Test
    void ordinaryClientsKeepTheirOwnClientCredentialsGrant() {
        Http.Resp r = Demo.clientCredentialsBasic(server, "ci-bot", "ci-bot-secret");
        assertEquals(200, r.status(), r.toString());
        JsonNode claims = Http.claims(r.json().get("access_token").asText());
        assertEquals("ci-bot", claims.get("azp").asText());
        assertEquals("service-account-ci-bot", claims.get("preferred_username").asText());
        assertNull(claims.get("app_credential"));
        assertTrue(claims.get("realm_access").get("roles").toString().contains("reader"));
        assertEquals(200, Demo.clientCredentialsPost(server, "ci-bot", "ci-bot-secret").status());
        Http.Resp wrong = Demo.clientCredentialsBasic(server, "ci-bot", "wrong");
        assertEquals(401, wrong.status());
        assertEquals("unauthorized_client", wrong.json().get("error").asText(), "Keycloak's own answer, unchanged");
        // ordinary password grant still fine too
        assertEquals(200, Demo.login(server, Demo.BOB, Demo.BOB_PASSWORD, null).status());
    }

    @Test
    void credentialsCannotBeUsedWithOtherGrants() {
        JsonNode c = newCredential(Map.of());
        Http.Resp r = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "password",
                "username", Demo.BOB, "password", Demo.BOB_PASSWORD), c.get("id").asText(), c.get("secret").asText());
        assertEquals(401, r.status(), r.toString());
        assertEquals("invalid_client", r.json().get("error").asText());
    }

    @Test
    void issuanceAndRefusalAreEventsWithTheCredentialIdAndNeverTheSecret() {
        JsonNode c = newCredential(Map.of());
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status());
        // the refused secret is well-formed, so it is looked up and compared: it must land in no event either
        String refusedSecret = KeyAndSecretIT.wellFormedSecret();
        assertEquals(401, Demo.clientCredentialsBasic(server, id, refusedSecret).status());
        String admin = Demo.masterAdminToken(server);
        Http.Resp events = Http.get(server.baseUrl() + "/admin/realms/demo/events?max=200", admin);
        assertEquals(200, events.status());
        assertFalse(events.body().contains(secret), "secret in an event");
        assertFalse(events.body().contains(refusedSecret), "the refused secret in an event");
        assertFalse(events.body().contains(refusedSecret.substring(4, 47)), "the refused secret's random part in an event");
        assertFalse(server.logText().contains(refusedSecret.substring(4, 47)), "the refused secret in the server log");
        boolean issued = false;
        boolean refused = false;
        for (JsonNode e : events.json()) {
            JsonNode details = e.get("details");
            if (details == null || !id.equals(details.path("app_credential").asText())) {
                continue;
            }
            issued |= "CLIENT_LOGIN".equals(e.get("type").asText());
            refused |= "CLIENT_LOGIN_ERROR".equals(e.get("type").asText());
        }
        assertTrue(issued, "CLIENT_LOGIN event with app_credential");
        assertTrue(refused, "CLIENT_LOGIN_ERROR event with app_credential");
        Http.Resp adminEvents = Http.get(server.baseUrl() + "/admin/realms/demo/admin-events?max=200", admin);
        assertFalse(adminEvents.body().contains(secret));
        assertFalse(adminEvents.body().contains(refusedSecret));
    }

    private JsonNode introspect(String token) {
        Http.Resp r = Http.postForm(server.tokenEndpoint(Demo.REALM) + "/introspect", Http.form("token", token), "my-api", "my-api-secret");
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    /**
     * The realm's client policies apply to credential logins as to Keycloak's own client credentials grant: an
     * admin who allows only signed-JWT client authentication gets it enforced for credentials too.
     */
    @Test
    void clientPoliciesApplyToCredentialLogins() {
        String admin = Demo.masterAdminToken(server);
        String realm = "policies-" + System.nanoTime();
        String base = server.baseUrl() + "/admin/realms/" + realm;
        assertEquals(201, Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", realm, "enabled", true)).status());
        try {
            assertEquals(201, Http.postJson(base + "/users", admin, Map.of("username", "worker", "enabled", true,
                    "credentials", List.of(Demo.totpCredential()))).status());
            String userId = Http.get(base + "/users?username=worker", admin).json().get(0).get("id").asText();
            Http.Resp created = Http.postJson(base + "/app-credentials/users/" + userId, admin, Map.of("name", "ci"));
            assertEquals(201, created.status(), created.toString());
            String id = created.json().get("id").asText();
            String secret = created.json().get("secret").asText();
            Map<String, String> form = Http.form("grant_type", "client_credentials");
            assertEquals(200, Http.postForm(server.tokenEndpoint(realm), form, id, secret).status(), "works before the policy");

            assertEquals(204, Http.putJson(base + "/client-policies/profiles", admin, Map.of("profiles", List.of(Map.of(
                    "name", "signed-jwt-only",
                    "executors", List.of(Map.of("executor", "secure-client-authenticator",
                            "configuration", Map.of("allowed-client-authenticators", List.of("client-jwt")))))))).status());
            assertEquals(204, Http.putJson(base + "/client-policies/policies", admin, Map.of("policies", List.of(Map.of(
                    "name", "every-client", "enabled", true,
                    "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                    "profiles", List.of("signed-jwt-only"))))).status());

            Http.Resp refused = Http.postForm(server.tokenEndpoint(realm), form, id, secret);
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("invalid_request", refused.json().get("error").asText(), refused.toString());
            assertTrue(refused.json().get("error_description").asText().contains("authentication method not allowed"), refused.toString());

            assertEquals(204, Http.putJson(base + "/client-policies/policies", admin, Map.of("policies", List.of())).status());
            assertEquals(200, Http.postForm(server.tokenEndpoint(realm), form, id, secret).status(), "works again without it");
        } finally {
            Http.delete(base, admin);
        }
    }
}
