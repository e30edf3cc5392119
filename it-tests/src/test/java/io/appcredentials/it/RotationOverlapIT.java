package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestClock;
import io.appcredentials.it.support.TestServer;

/**
 * Rotation without downtime (issue 28): {@code POST /{id}/regenerate {"overlapSeconds": N}} keeps the previous secret
 * and the tokens issued from it working until {@code previousSecretExpiresAt}; the new secret works at once. Ending the
 * overlap early ({@code DELETE /{id}/previous-secret}) ends only the old secret and its tokens; disable and revoke end
 * both; a regenerate during an overlap ends the oldest secret at once. Over HTTP on the real server, with the test
 * clock ({@link TestClock}) for the window's end.
 */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class RotationOverlapIT {

    private final KeycloakServer server = TestServer.server();
    private final Demo.TestUser user = Demo.aliceLike(server);

    private String url(JsonNode c) {
        return Demo.credentialsUrl(server) + "/" + c.get("id").asText();
    }

    private String adminUrl(JsonNode c) {
        return Demo.adminCredentialsUrl(server) + "/" + c.get("id").asText();
    }

    private Http.Resp tokenRequest(JsonNode c, String secret) {
        return Demo.clientCredentialsBasic(server, c.get("id").asText(), secret);
    }

    private String accessToken(JsonNode c, String secret) {
        Http.Resp r = tokenRequest(c, secret);
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    private boolean active(String token) {
        Http.Resp r = Http.postForm(server.tokenEndpoint(Demo.REALM) + "/introspect", Http.form("token", token), "my-api", "my-api-secret");
        assertEquals(200, r.status(), r.toString());
        return r.json().get("active").asBoolean();
    }

    private int userinfo(String token) {
        return Http.get(server.realmUrl(Demo.REALM) + "/protocol/openid-connect/userinfo", token).status();
    }

    private JsonNode newCredential(String name) {
        return Demo.create(server, user.token(server), Map.of("name", name + "-" + System.nanoTime(),
                "clientRoles", Map.of("my-api", List.of("reader"))));
    }

    /** Regenerates with an overlap; asserts 200 and returns the answer (with the new secret). */
    private JsonNode regenerate(JsonNode c, long overlapSeconds) {
        Http.Resp r = Http.postJson(url(c) + "/regenerate", user.token(server), Map.of("overlapSeconds", overlapSeconds));
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private JsonNode read(JsonNode c) {
        Http.Resp r = Http.get(url(c), user.token(server));
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    @Test
    void duringTheOverlapBothSecretsWorkAndAfterItOnlyTheNewOne() {
        TestClock clock = new TestClock(server);
        JsonNode c = newCredential("overlap");
        String oldSecret = c.get("secret").asText();
        String beforeRotation = accessToken(c, oldSecret);
        Instant asked = clock.now();
        JsonNode rotated = regenerate(c, 120);
        String newSecret = rotated.get("secret").asText();
        assertNotEquals(oldSecret, newSecret);
        Instant until = Instant.parse(rotated.get("previousSecretExpiresAt").asText());
        assertFalse(until.isBefore(asked.plusSeconds(119)) || until.isAfter(clock.now().plusSeconds(121)), "now + 120 s: " + until);
        assertTrue(rotated.get("previousSecretLastUsedAt").isNull(), "not used since the rotation: " + rotated);
        try {
            // both secrets get tokens; the token from before the rotation stays valid
            String fromOld = accessToken(c, oldSecret);
            String fromNew = accessToken(c, newSecret);
            assertTrue(active(beforeRotation), "a token issued before the rotation lives through the overlap");
            assertTrue(active(fromOld));
            assertTrue(active(fromNew));
            assertEquals(200, userinfo(beforeRotation));
            assertEquals(200, userinfo(fromOld));
            long exp = Http.claims(fromOld).get("exp").asLong();
            assertTrue(exp <= until.getEpochSecond(), "a token from the previous secret ends with the window: exp " + exp + ", until " + until);
            assertFalse(Http.claims(fromOld).has("secret_slot"), "the slot is in events only, never in the token");

            // the use of the previous secret shows after the next usage flush (every 2 s in the tests)
            JsonNode read = read(c);
            for (int i = 0; i < 80 && read.get("previousSecretLastUsedAt").isNull(); i++) {
                KeycloakServer.sleep(250); // polls for the next flush
                read = read(c);
            }
            assertFalse(read.get("previousSecretLastUsedAt").isNull(), read.toString());
            assertEquals(until.toString(), read.get("previousSecretExpiresAt").asText());

            clock.advance(Duration.between(clock.now(), until).plusSeconds(1));
            assertEquals(401, tokenRequest(c, oldSecret).status(), "the previous secret after the window");
            assertFalse(active(beforeRotation), "a token from before the rotation ends with the window (its own exp has not passed)");
            assertEquals(401, userinfo(beforeRotation));
            assertFalse(active(fromOld));
            assertTrue(active(fromNew), "the new secret's tokens live on");
            assertEquals(200, userinfo(fromNew));
            accessToken(c, newSecret);
            JsonNode after = read(c);
            assertTrue(after.get("previousSecretExpiresAt").isNull(), after.toString());
            assertTrue(after.get("previousSecretLastUsedAt").isNull(), after.toString());
        } finally {
            clock.reset();
        }
    }

    @Test
    void endingTheOverlapEarlyEndsOnlyTheOldSecretAndItsTokens() {
        JsonNode c = newCredential("end-early");
        String oldSecret = c.get("secret").asText();
        String beforeRotation = accessToken(c, oldSecret);
        String newSecret = regenerate(c, 3600).get("secret").asText();
        String fromOld = accessToken(c, oldSecret);
        String fromNew = accessToken(c, newSecret);
        assertTrue(active(fromOld));

        Http.Resp ended = Http.delete(url(c) + "/previous-secret", user.token(server));
        assertEquals(204, ended.status(), ended.toString());
        assertEquals(401, tokenRequest(c, oldSecret).status(), "the previous secret ended");
        assertFalse(active(beforeRotation));
        assertFalse(active(fromOld));
        assertEquals(401, userinfo(fromOld));
        assertTrue(active(fromNew), "the new secret's tokens are untouched");
        assertEquals(200, userinfo(fromNew));
        accessToken(c, newSecret);
        assertTrue(read(c).get("previousSecretExpiresAt").isNull());

        // idempotent, for the owner and for an administrator
        assertEquals(204, Http.delete(url(c) + "/previous-secret", user.token(server)).status());
        assertEquals(204, Http.delete(adminUrl(c) + "/previous-secret", Demo.masterAdminToken(server)).status());
        assertTrue(active(fromNew));

        // an administrator ends an overlap too
        String third = regenerate(c, 3600).get("secret").asText();
        assertEquals(200, tokenRequest(c, newSecret).status(), "now the previous secret");
        assertEquals(204, Http.delete(adminUrl(c) + "/previous-secret", Demo.masterAdminToken(server)).status());
        assertEquals(401, tokenRequest(c, newSecret).status());
        accessToken(c, third);

        Http.Resp unknown = Http.delete(Demo.credentialsUrl(server) + "/ac_00000000000000000000/previous-secret", user.token(server));
        assertEquals(404, unknown.status(), unknown.toString());
    }

    @Test
    void disableAndEnableAndRevokeEndBothSecrets() {
        JsonNode c = newCredential("disable");
        String oldSecret = c.get("secret").asText();
        String newSecret = regenerate(c, 3600).get("secret").asText();
        String fromOld = accessToken(c, oldSecret);
        String fromNew = accessToken(c, newSecret);
        assertEquals(200, Http.patchJson(url(c), user.token(server), Map.of("state", "disabled")).status());
        assertEquals(401, tokenRequest(c, oldSecret).status());
        assertEquals(401, tokenRequest(c, newSecret).status());
        assertFalse(active(fromOld));
        assertFalse(active(fromNew));
        assertEquals(200, Http.patchJson(url(c), user.token(server), Map.of("state", "active")).status());
        assertEquals(401, tokenRequest(c, oldSecret).status(), "enabled again: only the current secret comes back");
        accessToken(c, newSecret);
        assertFalse(active(fromOld));
        assertFalse(active(fromNew));
        assertTrue(read(c).get("previousSecretExpiresAt").isNull());

        JsonNode r = newCredential("revoke");
        String rOld = r.get("secret").asText();
        String rNew = regenerate(r, 3600).get("secret").asText();
        String rFromOld = accessToken(r, rOld);
        assertEquals(204, Http.delete(url(r), user.token(server)).status());
        assertEquals(401, tokenRequest(r, rOld).status());
        assertEquals(401, tokenRequest(r, rNew).status());
        assertFalse(active(rFromOld));
        assertTrue(read(r).get("previousSecretExpiresAt").isNull());
    }

    @Test
    void aRegenerateDuringAnOverlapEndsTheOldestSecretAtOnce() {
        JsonNode c = newCredential("twice");
        String first = c.get("secret").asText();
        String second = regenerate(c, 3600).get("secret").asText();
        String fromFirst = accessToken(c, first);
        String fromSecond = accessToken(c, second);
        String third = regenerate(c, 600).get("secret").asText();
        assertEquals(401, tokenRequest(c, first).status(), "at most one previous secret: the oldest ends at once");
        assertFalse(active(fromFirst));
        assertTrue(active(fromSecond), "the second is now the previous secret");
        // the first secret's use (as the previous one) is not credited to the new previous secret: once every use so far
        // has been flushed (every 2 s in the tests), the new previous secret reads as not used since the rotation
        accessToken(c, third);
        JsonNode read = read(c);
        for (int i = 0; i < 80 && read.get("useCount").asLong() < 3; i++) {
            KeycloakServer.sleep(250); // polls for the next flush
            read = read(c);
        }
        assertEquals(3, read.get("useCount").asLong(), read.toString());
        assertTrue(read.get("previousSecretLastUsedAt").isNull(), "not used since this rotation: " + read);
        accessToken(c, second);
        for (int i = 0; i < 80 && read.get("previousSecretLastUsedAt").isNull(); i++) {
            KeycloakServer.sleep(250); // polls for the next flush
            read = read(c);
        }
        assertFalse(read.get("previousSecretLastUsedAt").isNull(), "then used: " + read);

        // without an overlap, as before: every earlier secret and token ends
        String fourth = Http.postJson(url(c) + "/regenerate", user.token(server), Map.of()).json().get("secret").asText();
        assertEquals(401, tokenRequest(c, second).status());
        assertEquals(401, tokenRequest(c, third).status());
        assertFalse(active(fromSecond));
        accessToken(c, fourth);
        assertTrue(read(c).get("previousSecretExpiresAt").isNull());
    }

    @Test
    void theOverlapMaximumIsEnforcedAndHostileValuesAreRefusedNamingTheField() {
        JsonNode policy = Demo.setPolicy(server, Map.of("maxRotationOverlapHours", 1));
        try {
            JsonNode c = newCredential("bounded");
            String secret = c.get("secret").asText();
            String token = user.token(server);
            JsonNode options = Http.get(Demo.credentialsUrl(server) + "/options", token).json();
            assertEquals("[0,3600]", options.get("rotationOverlapChoices").toString(), options.toString());
            assertEquals(1, options.get("policy").get("maxRotationOverlapHours").asInt());

            for (String body : List.of("{\"overlapSeconds\":3601}", "{\"overlapSeconds\":-1}", "{\"overlapSeconds\":1.5}",
                    "{\"overlapSeconds\":\"60\"}", "{\"overlapSeconds\":1e30}", "{\"overlapSeconds\":99999999999999999999999}",
                    "{\"overlapSeconds\":true}", "{\"overlapSeconds\":[60]}", "{\"overlapSeconds\":{}}")) {
                Http.Resp r = Http.postBytes(url(c) + "/regenerate", token, "application/json", body.getBytes());
                assertEquals(400, r.status(), body + " -> " + r);
                assertEquals("overlapSeconds", r.json().path("field").asText(), body + " -> " + r);
            }
            assertEquals(200, tokenRequest(c, secret).status(), "nothing half-written: the secret is unchanged");
            assertTrue(read(c).get("previousSecretExpiresAt").isNull());

            String next = regenerate(c, 3600).get("secret").asText();
            accessToken(c, secret);
            accessToken(c, next);

            // an overlap only for an active credential
            assertEquals(200, Http.patchJson(url(c), token, Map.of("state", "disabled")).status());
            Http.Resp disabled = Http.postJson(url(c) + "/regenerate", token, Map.of("overlapSeconds", 60));
            assertEquals(409, disabled.status(), disabled.toString());
            assertEquals("overlapSeconds", disabled.json().path("field").asText(), disabled.toString());
            assertEquals(200, Http.postJson(url(c) + "/regenerate", token, Map.of()).status(), "without an overlap, as before");

            // the policy field: 0..720, 0 turns overlaps off
            for (Object bad : List.of(-1, 721, "x", 1.5)) {
                Map<String, Object> next2 = Http.JSON.convertValue(Http.get(Demo.policyUrl(server), Demo.masterAdminToken(server)).json(),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
                next2.put("maxRotationOverlapHours", bad);
                Http.Resp r = Http.putJson(Demo.policyUrl(server), Demo.masterAdminToken(server), next2);
                assertEquals(400, r.status(), bad + " -> " + r);
                assertEquals("maxRotationOverlapHours", r.json().path("field").asText(), bad + " -> " + r);
            }
            Demo.setPolicy(server, Map.of("maxRotationOverlapHours", 0));
            assertEquals("[0]", Http.get(Demo.credentialsUrl(server) + "/options", token).json().get("rotationOverlapChoices").toString());
            JsonNode d = newCredential("no-overlap");
            Http.Resp off = Http.postJson(url(d) + "/regenerate", token, Map.of("overlapSeconds", 1));
            assertEquals(400, off.status(), off.toString());
            assertEquals("overlapSeconds", off.json().path("field").asText());
            assertEquals(200, Http.postJson(url(d) + "/regenerate", token, Map.of("overlapSeconds", 0)).status());
        } finally {
            Demo.restorePolicy(server, policy);
        }
        assertEquals(168, Http.get(Demo.policyUrl(server), Demo.masterAdminToken(server)).json().get("maxRotationOverlapHours").asInt(),
                "the default");
    }

    /**
     * Token events say which secret a tool used ({@code secret_slot}: {@code current} or {@code previous}), so that an
     * administrator sees who still uses the old one; ending the overlap is an event of its own ({@code end-overlap}).
     */
    @Test
    void tokenEventsNameTheSecretUsedAndEndingTheOverlapIsAnEvent() {
        JsonNode c = newCredential("slots");
        String id = c.get("id").asText();
        String oldSecret = c.get("secret").asText();
        String newSecret = regenerate(c, 3600).get("secret").asText();
        accessToken(c, oldSecret);
        accessToken(c, newSecret);
        assertEquals(204, Http.delete(url(c) + "/previous-secret", user.token(server)).status());
        String admin = Demo.masterAdminToken(server);
        String events = server.baseUrl() + "/admin/realms/" + Demo.REALM + "/events?max=1000&user=" + user.id();
        List<String> slots = new java.util.ArrayList<>();
        List<String> operations = new java.util.ArrayList<>();
        for (JsonNode e : Http.get(events, admin).json()) {
            if (!id.equals(e.path("details").path("app_credential").asText())) {
                continue;
            }
            assertFalse(e.toString().contains(oldSecret) || e.toString().contains(newSecret), e.toString());
            if ("CLIENT_LOGIN".equals(e.get("type").asText())) {
                slots.add(e.path("details").path("secret_slot").asText());
            } else {
                operations.add(e.path("details").path("app_credential_operation").asText());
            }
            if ("regenerate".equals(e.path("details").path("app_credential_operation").asText())) {
                assertEquals("3600", e.path("details").path("overlap_seconds").asText(), e.toString());
                assertFalse(e.path("details").path("previous_secret_expires_at").asText().isEmpty(), e.toString());
            }
        }
        assertEquals(List.of("current", "previous"), slots.stream().sorted().toList(), "one token from each secret");
        assertTrue(operations.contains("end-overlap"), operations.toString());
    }

    @Test
    void thePreviousSecretIsNeverInAnyAnswer() {
        JsonNode c = newCredential("hidden");
        String oldSecret = c.get("secret").asText();
        JsonNode rotated = regenerate(c, 3600);
        assertFalse(rotated.toString().contains(oldSecret), "the regenerate answer holds the new secret only");
        accessToken(c, oldSecret);
        String admin = Demo.masterAdminToken(server);
        String token = user.token(server);
        for (Http.Resp r : List.of(Http.get(url(c), token), Http.get(Demo.credentialsUrl(server), token),
                Http.get(adminUrl(c), admin), Http.get(Demo.adminCredentialsUrl(server) + "?max=1000", admin),
                Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/events?max=1000", admin),
                Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/admin-events?max=1000", admin))) {
            assertEquals(200, r.status(), r.toString());
            assertFalse(r.body().contains(oldSecret), "the previous secret in an answer: " + r);
            assertFalse(r.body().contains(rotated.get("secret").asText()), "the new secret after its one answer: " + r);
            assertFalse(r.body().toLowerCase().contains("secrethash") || r.body().contains("prevSecret"), r.toString());
        }
        JsonNode read = Http.get(url(c), token).json();
        assertTrue(read.has("previousSecretExpiresAt") && read.has("previousSecretLastUsedAt"), read.toString());
        assertFalse(read.has("secret"));
    }
}
