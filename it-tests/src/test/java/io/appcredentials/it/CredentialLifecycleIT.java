package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/** The user REST resource: create, list, read, revoke; validation; isolation between users. */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class CredentialLifecycleIT {

    private final KeycloakServer server = TestServer.server();
    private final Demo.TestUser user = Demo.aliceLike(server);

    @Test
    void createReturnsTheSecretOnceWithLocationAndTokenEndpoint() {
        String token = user.token(server);
        Http.Resp r = Http.postJson(Demo.credentialsUrl(server), token, Map.of(
                "name", "terraform-ci-" + System.nanoTime(),
                "description", "nightly plan",
                "realmRoles", List.of("reader"),
                "clientRoles", Map.of("my-api", List.of("writer"))));
        assertEquals(201, r.status(), r.toString());
        JsonNode c = r.json();
        String id = c.get("id").asText();
        assertTrue(id.matches("ac_[0-9a-z]{20}"), id);
        assertTrue(c.get("secret").asText().matches("acs_[0-9A-Za-z]{49}"), "secret format");
        assertEquals(server.tokenEndpoint(Demo.REALM), c.get("tokenEndpoint").asText());
        assertEquals(Demo.credentialsUrl(server) + "/" + id, r.header("Location"));
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("app-credentials", c.get("clientId").asText());
        assertEquals("active", c.get("state").asText());
        assertEquals("[\"reader\"]", c.get("realmRoles").toString());
        assertEquals("{\"my-api\":[\"writer\"]}", c.get("clientRoles").toString());
        assertEquals("otp", c.get("mfa").asText());
        assertEquals(0, c.get("useCount").asInt());
        assertTrue(c.get("lastUsedAt").isNull());
        Instant expires = Instant.parse(c.get("expiresAt").asText());
        Instant created = Instant.parse(c.get("createdAt").asText());
        assertEquals(30, ChronoUnit.DAYS.between(created, expires.plusSeconds(5)), "default lifetime");

        JsonNode read = Http.get(Demo.credentialsUrl(server) + "/" + id, token).json();
        assertEquals(id, read.get("id").asText());
        assertFalse(read.has("secret"), "the secret is never returned again");
        assertFalse(read.has("tokenEndpoint"));
        Http.Resp list = Http.get(Demo.credentialsUrl(server), token);
        assertEquals(200, list.status());
        assertTrue(list.body().contains(id));
        assertFalse(list.body().contains(c.get("secret").asText()));
        assertFalse(list.body().contains("secret"));
    }

    @Test
    void anotherUsersCredentialIsNotFound() {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "private-" + System.nanoTime()));
        String bob = Demo.token(server, Demo.BOB, Demo.BOB_PASSWORD, null);
        String url = Demo.credentialsUrl(server) + "/" + c.get("id").asText();
        assertEquals(404, Http.get(url, bob).status());
        assertEquals(404, Http.delete(url, bob).status());
        assertFalse(Http.get(Demo.credentialsUrl(server), bob).body().contains(c.get("id").asText()));
        assertEquals(404, Http.get(Demo.credentialsUrl(server) + "/ac_doesnotexist000000000", bob).status());
        // still there for its owner
        assertEquals(200, Http.get(url, user.token(server)).status());
    }

    @Test
    void revokeAnswers204AndKeepsTheCredentialListedAsRevoked() {
        String token = user.token(server);
        JsonNode c = Demo.create(server, token, Map.of("name", "to-revoke-" + System.nanoTime()));
        String url = Demo.credentialsUrl(server) + "/" + c.get("id").asText();
        assertEquals(204, Http.delete(url, token).status());
        assertEquals("revoked", Http.get(url, token).json().get("state").asText());
        assertEquals(401, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status());
    }

    @Test
    void badInputIsA4xxNamingTheFieldAndWritesNothing() {
        String token = user.token(server);
        int before = Http.get(Demo.credentialsUrl(server), token).json().size();
        String future = Instant.now().plus(400, ChronoUnit.DAYS).toString();
        String past = Instant.now().minus(1, ChronoUnit.DAYS).toString();
        assertField(token, Map.of("description", "no name"), "name");
        assertField(token, Map.of("name", "x".repeat(65)), "name");
        assertField(token, Map.of("name", "ok", "description", "d".repeat(256)), "description");
        assertField(token, Map.of("name", "ok", "expiresAt", past), "expiresAt");
        assertField(token, Map.of("name", "ok", "expiresAt", future), "expiresAt");
        assertField(token, Map.of("name", "ok", "expiresAt", "next tuesday"), "expiresAt");
        assertField(token, Map.of("name", "ok", "realmRoles", List.of("no-such-role")), "realmRoles");
        assertField(token, Map.of("name", "ok", "realmRoles", List.of("admin-of-everything")), "realmRoles");
        assertField(token, Map.of("name", "ok", "clientRoles", Map.of("realm-management", List.of("manage-users"))), "clientRoles");
        assertField(token, Map.of("name", "ok", "clientRoles", Map.of("no-such-client", List.of("x"))), "clientRoles");
        assertField(token, Map.of("name", "ok", "scopes", List.of("email")), "scopes");
        assertField(token, Map.of("name", "ok", "clientId", "ci-bot"), "clientId");
        assertField(token, Map.of("name", "ok", "realmRole", List.of("reader")), "realmRole");
        assertField(token, Map.of("name", "ok", "realmRoles", "reader"), "realmRoles");
        Http.Resp notJson = Http.postJson(Demo.credentialsUrl(server), token, "{\"name\": ");
        assertEquals(400, notJson.status(), notJson.toString());
        Http.Resp empty = Http.postJson(Demo.credentialsUrl(server), token, "");
        assertEquals(400, empty.status(), empty.toString());
        Http.Resp twice = Http.postJson(Demo.credentialsUrl(server), token, "{\"name\": \"first\", \"name\": \"second\"}");
        assertEquals(400, twice.status(), twice.status() == 201 ? "created from a body with a duplicate field" : twice.toString());
        assertEquals("name", twice.json().get("field").asText(), twice.toString());
        assertEquals("Field 'name' appears twice", twice.json().get("errorMessage").asText());
        assertEquals(before, Http.get(Demo.credentialsUrl(server), token).json().size(), "nothing was written");

        // A role the caller does not hold: a user who passes the second-factor check (a TOTP login just now), so
        // that the role check is what answers, and holds reader but not writer.
        String readerName = Demo.newUserWithTotp(server, List.of("default-roles-demo", "reader"), Map.of());
        String reader = Demo.token(server, readerName, "password", Demo.TEST_TOTP);
        Http.Resp r = Http.postJson(Demo.credentialsUrl(server), reader, Map.of("name", "x", "realmRoles", List.of("writer")));
        assertEquals(400, r.status(), r.status() == 201 ? "created with a role the user does not hold" : r.toString());
        assertEquals("realmRoles", r.json().get("field").asText(), r.toString());
        assertEquals("You do not hold the realm role 'writer'", r.json().get("errorMessage").asText(), r.toString());
        Http.Resp control = Http.postJson(Demo.credentialsUrl(server), reader, Map.of("name", "x", "realmRoles", List.of("reader")));
        assertEquals(201, control.status(), "control: the same user may grant the role they hold: " + control);
        assertEquals(1, Http.get(Demo.credentialsUrl(server), reader).json().size(), "only the control was written");
    }

    @Test
    void namesAreUniquePerOwnerAmongLiveCredentials() {
        String token = user.token(server);
        String name = "dup-" + System.nanoTime();
        JsonNode first = Demo.create(server, token, Map.of("name", name));
        Http.Resp dup = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", name));
        assertEquals(409, dup.status(), dup.toString());
        assertEquals("name", dup.json().get("field").asText());
        assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + first.get("id").asText(), token).status());
        Demo.create(server, token, Map.of("name", name));
    }

    /**
     * A date without a time ({@code "expiresAt": "2027-06-30"}, as in the README's kcadm example) means the end of
     * that day in UTC, its last second: {@code 2027-06-30T23:59:59Z}. A date whose end lies past the policy ceiling
     * (the last day a date picker offers) is accepted and capped at the ceiling, now + maxLifetimeDays.
     */
    @Test
    void aDateMeansTheEndOfThatDayAndTheLastDayOfThePolicyIsAccepted() {
        String token = user.token(server);
        java.time.LocalDate date = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(200);
        JsonNode dated = Demo.create(server, token, Map.of("name", "dated-" + System.nanoTime(), "expiresAt", date.toString()));
        assertEquals(date + "T23:59:59Z", dated.get("expiresAt").asText(), "the last second of that day, UTC");
        assertEquals(date + "T23:59:59Z", Http.get(Demo.credentialsUrl(server) + "/" + dated.get("id").asText(), token)
                .json().get("expiresAt").asText(), "stored");

        Instant sent = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String lastDay = Instant.now().plus(365, ChronoUnit.DAYS).toString().substring(0, 10);
        JsonNode c = Demo.create(server, token, Map.of("name", "long-" + System.nanoTime(), "expiresAt", lastDay));
        Instant answered = Instant.now();
        Instant expires = Instant.parse(c.get("expiresAt").asText());
        assertFalse(expires.isBefore(sent.plus(365, ChronoUnit.DAYS)), "capped at now + 365 days: " + expires);
        assertFalse(expires.isAfter(answered.plus(365, ChronoUnit.DAYS)), "capped at now + 365 days: " + expires);
    }

    @Test
    void optionsListWhatTheCallerMayChoose() {
        JsonNode o = Http.get(Demo.credentialsUrl(server) + "/options", user.token(server)).json();
        assertEquals("app-credentials", o.get("clients").get(0).get("clientId").asText());
        assertTrue(o.get("clients").get(0).get("default").asBoolean());
        assertTrue(o.get("realmRoles").toString().contains("\"reader\""), "composite of writer counts");
        assertTrue(o.get("realmRoles").toString().contains("\"writer\""));
        assertEquals("[\"reader\",\"writer\"]", o.get("clientRoles").get("my-api").toString());
        assertTrue(o.get("clientRoles").get("realm-management").toString().contains("view-users"));
        assertNull(o.get("clientRoles").get("ci-bot"));
        assertEquals(365, o.get("policy").get("maxLifetimeDays").asInt());
        assertNotNull(o.get("maxExpiresAt").asText());
        assertTrue(o.get("secondFactor").get("required").asBoolean());
        assertTrue(o.get("secondFactor").get("configured").asBoolean());
        assertEquals("local", o.get("secondFactor").get("source").asText());

        // bob has no second factor: the console can say so before he fills in the form
        JsonNode bob = Http.get(Demo.credentialsUrl(server) + "/options", Demo.token(server, Demo.BOB, Demo.BOB_PASSWORD, null)).json();
        assertTrue(bob.get("secondFactor").get("required").asBoolean());
        assertFalse(bob.get("secondFactor").get("configured").asBoolean());

        // without the binding (requireMfa false) the source is "none"
        JsonNode policy = Demo.setPolicy(server, Map.of("requireMfa", false));
        try {
            JsonNode off = Http.get(Demo.credentialsUrl(server) + "/options", user.token(server)).json();
            assertFalse(off.get("secondFactor").get("required").asBoolean(), off.toString());
            assertEquals("none", off.get("secondFactor").get("source").asText(), off.toString());
        } finally {
            Demo.restorePolicy(server, policy);
        }
    }

    @Test
    void tokensIssuedFromACredentialCannotManageCredentials() {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "no-escalation-" + System.nanoTime()));
        String accessToken = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).json().get("access_token").asText();
        Http.Resp r = Http.postJson(Demo.credentialsUrl(server), accessToken, Map.of("name", "child"));
        assertEquals(403, r.status(), r.toString());
    }

    private void assertField(String token, Object body, String field) {
        Http.Resp r = Http.postJson(Demo.credentialsUrl(server), token, body);
        assertEquals(400, r.status(), body + " -> " + r);
        assertEquals(field, r.json().get("field").asText(), r.toString());
        assertFalse(r.json().get("errorMessage").asText().isBlank());
    }
}
