package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestClock;
import io.appcredentials.it.support.TestServer;

/** The user's own lifecycle controls and Vault-style lease semantics (issue 7). */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class LeaseIT {

    private final KeycloakServer server = TestServer.server();
    private final Demo.TestUser user = Demo.aliceLike(server);

    private String url(JsonNode c) {
        return Demo.credentialsUrl(server) + "/" + c.get("id").asText();
    }

    private String accessToken(JsonNode c, String secret) {
        Http.Resp r = Demo.clientCredentialsBasic(server, c.get("id").asText(), secret);
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
        return Demo.create(server, user.token(server), Map.of("name", name, "clientRoles", Map.of("my-api", List.of("reader"))));
    }

    private JsonNode newCredential(String name, Instant expiresAt) {
        return Demo.create(server, user.token(server), Map.of("name", name, "expiresAt", expiresAt.toString(),
                "clientRoles", Map.of("my-api", List.of("reader"))));
    }

    @Test
    void patchChangesNameDescriptionAndStateAndDisablingEndsTheLeaseForGood() {
        String token = user.token(server);
        JsonNode c = newCredential("patched");
        String at = accessToken(c, c.get("secret").asText());
        assertTrue(active(at));

        Http.Resp renamed = Http.patchJson(url(c), token, Map.of("name", "renamed", "description", "new words"));
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("renamed", renamed.json().get("name").asText());
        assertEquals("new words", renamed.json().get("description").asText());

        assertEquals("disabled", Http.patchJson(url(c), token, Map.of("state", "disabled")).json().get("state").asText());
        assertFalse(active(at), "introspection: inactive as soon as the credential is disabled");
        assertEquals(401, userinfo(at));
        assertEquals(401, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status());

        assertEquals("active", Http.patchJson(url(c), token, Map.of("state", "active")).json().get("state").asText());
        assertFalse(active(at), "enabled again: tokens issued before the disable stay dead");
        assertEquals(401, userinfo(at));
        String fresh = accessToken(c, c.get("secret").asText());
        assertTrue(active(fresh), "the secret itself works again");
        assertEquals(200, userinfo(fresh));

        assertEquals(400, Http.patchJson(url(c), token, Map.of("state", "suspended")).status());
        assertEquals(400, Http.patchJson(url(c), token, Map.of("name", "")).status());
        assertEquals(400, Http.patchJson(url(c), token, Map.of("owner", "someone-else")).status());
    }

    @Test
    void regenerateReturnsANewSecretOnceAndKillsTheOldOneAndItsTokens() {
        String token = user.token(server);
        JsonNode c = newCredential("rotated");
        String oldSecret = c.get("secret").asText();
        String oldToken = accessToken(c, oldSecret);

        Http.Resp r = Http.postJson(url(c) + "/regenerate", token, Map.of());
        assertEquals(200, r.status(), r.toString());
        String newSecret = r.json().get("secret").asText();
        assertNotEquals(oldSecret, newSecret);
        assertTrue(newSecret.startsWith("acs_"));
        assertEquals(c.get("id").asText(), r.json().get("id").asText());

        assertEquals(401, Demo.clientCredentialsBasic(server, c.get("id").asText(), oldSecret).status(), "old secret dead at once");
        assertFalse(active(oldToken), "tokens from the old secret are inactive");
        assertEquals(401, userinfo(oldToken));
        String newToken = accessToken(c, newSecret);
        assertTrue(active(newToken));
        assertFalse(Http.get(url(c), token).body().contains(newSecret));
    }

    @Test
    void renewMovesTheExpiryLaterWithinPolicy() {
        String token = user.token(server);
        JsonNode c = Demo.create(server, token, Map.of("name", "renewed", "expiresAt", Instant.now().plus(2, ChronoUnit.DAYS).toString()));
        Instant before = Instant.parse(c.get("expiresAt").asText());

        // Without an expiry, renew sets now + the policy's defaultLifetimeDays (SPEC 4: "omitted: now + the policy's
        // default lifetime"), 30 days in the demo realm: exactly that, up to the seconds this request took.
        int defaultDays = Http.get(Demo.policyUrl(server), Demo.masterAdminToken(server)).json().get("defaultLifetimeDays").asInt();
        assertEquals(30, defaultDays, "the demo realm's policy");
        Instant sent = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Http.Resp defaulted = Http.postJson(url(c) + "/renew", token, Map.of());
        Instant answered = Instant.now();
        assertEquals(200, defaulted.status(), defaulted.toString());
        Instant renewed = Instant.parse(defaulted.json().get("expiresAt").asText());
        assertFalse(renewed.isBefore(sent.plus(30, ChronoUnit.DAYS)), "now + 30 days: " + renewed + ", before was " + before);
        assertFalse(renewed.isAfter(answered.plus(30, ChronoUnit.DAYS)), "now + 30 days: " + renewed);
        assertEquals(renewed.toString(), Http.get(url(c), token).json().get("expiresAt").asText(), "stored");

        Instant later = Instant.now().plus(100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Http.Resp explicit = Http.postJson(url(c) + "/renew", token, Map.of("expiresAt", later.toString()));
        assertEquals(200, explicit.status(), explicit.toString());
        assertEquals(later.toString(), explicit.json().get("expiresAt").asText(), "exactly the expiry asked for");

        assertEquals(400, Http.postJson(url(c) + "/renew", token, Map.of("expiresAt", Instant.now().plus(5, ChronoUnit.DAYS).toString())).status(),
                "earlier than the current expiry");
        assertEquals(400, Http.postJson(url(c) + "/renew", token, Map.of("expiresAt", Instant.now().plus(500, ChronoUnit.DAYS).toString())).status(),
                "past the policy ceiling");
        assertEquals(204, Http.delete(url(c), token).status());
        Http.Resp revokedRenew = Http.postJson(url(c) + "/renew", token, Map.of());
        assertEquals(409, revokedRenew.status(), "a revoked credential cannot be renewed");
        assertEquals("A revoked credential cannot be renewed; create a new one", revokedRenew.json().get("errorMessage").asText());
        assertEquals(409, Http.postJson(url(c) + "/regenerate", token, Map.of()).status());
    }

    /**
     * A credential stops working at its expiry: the server's clock ({@link TestClock}) moves past it. Before the
     * move the credential gives tokens and is active; after it the token endpoint refuses it as expired, it reads as
     * expired, and a token from before is inactive (that token's own {@code exp} never passes the credential's
     * expiry, so Keycloak's expiry check answers there too). Moved from {@code ToolAuthenticationIT}, where it waited
     * 8 s of wall-clock time for an 8-second credential to expire.
     */
    @Test
    void anExpiredCredentialIsRefused() {
        TestClock clock = new TestClock(server);
        Instant expiresAt = clock.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        JsonNode c = newCredential("expiring", expiresAt);
        assertEquals(expiresAt.toString(), c.get("expiresAt").asText());
        String userToken = user.token(server);
        String before = accessToken(c, c.get("secret").asText());
        assertTrue(active(before));
        assertEquals("active", Http.get(url(c), userToken).json().get("state").asText());
        try {
            clock.advance(Duration.between(clock.now(), expiresAt).plusSeconds(1));
            Http.Resp r = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
            assertEquals(401, r.status(), r.toString());
            assertEquals("Application credential expired", r.json().get("error_description").asText(), r.toString());
            assertEquals("expired", Http.get(url(c), userToken).json().get("state").asText());
            assertFalse(active(before), "introspection: a token from before the expiry is no longer active");
        } finally {
            clock.reset();
        }
    }

    @Test
    void aBurstOfParallelTokenRequestsAllSucceedAndUsageIsRecorded() throws Exception {
        JsonNode c = newCredential("burst");
        int requests = 60;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                results.add(pool.submit(() -> Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status()));
            }
            for (Future<Integer> f : results) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdown();
        }
        // usage is written in batches (every 2 s in the tests, 30 s by default)
        String token = user.token(server);
        JsonNode read = Http.get(url(c), token).json();
        for (int i = 0; i < 80 && read.get("useCount").asLong() < requests; i++) {
            Thread.sleep(250); // polls for the next flush
            read = Http.get(url(c), token).json();
        }
        assertEquals(requests, read.get("useCount").asLong(), read.toString());
        assertFalse(read.get("lastUsedAt").isNull());
        assertTrue(Instant.parse(read.get("lastUsedAt").asText()).isAfter(Instant.now().minusSeconds(60)));
        assertEquals(server.clientAddress(), read.get("lastUsedIp").asText());
    }

    /**
     * Retention (policy {@code retentionDays}, 30 in the demo realm): revoked and expired credentials stay listed for
     * that many days after they were revoked or expired, then the purge (every 3 s in the tests) deletes them. The
     * test moves the server's clock ({@link TestClock}) instead of the rows: one credential expires and one is revoked
     * a day on, two more two days later, and the clock then moves to 31 days after the first two and 29 days after
     * the other two: after a purge run the first two are gone and the other two are still listed. Every database.
     */
    @Test
    void revokedAndExpiredCredentialsAreListedForRetentionDaysAndPurgedAfter() throws Exception {
        assertEquals(30, Http.get(Demo.policyUrl(server), Demo.masterAdminToken(server)).json().get("retentionDays").asInt(),
                "the demo realm's policy");
        TestClock clock = new TestClock(server);
        Instant start = clock.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode revoked31 = newCredential("revoked-31");
        JsonNode expired31 = newCredential("expired-31", start.plus(1, ChronoUnit.DAYS));
        JsonNode revoked29 = newCredential("revoked-29");
        JsonNode expired29 = newCredential("expired-29", start.plus(3, ChronoUnit.DAYS));
        JsonNode live = newCredential("live", start.plus(100, ChronoUnit.DAYS));
        try {
            clock.advance(Duration.ofDays(1)); // expired-31 has just expired; tokens from before have too
            assertEquals(204, Http.delete(url(revoked31), user.token(server)).status());
            clock.advance(Duration.ofDays(2)); // expired-29 has just expired
            assertEquals(204, Http.delete(url(revoked29), user.token(server)).status());
            clock.advance(Duration.ofDays(29)); // 31 days after the first two, 29 after the other two
            String token = user.token(server);

            // the purge deletes every credential past retention in one statement: once one is gone, that run saw all
            for (int i = 0; i < 120 && (Http.get(url(revoked31), token).status() != 404 || Http.get(url(expired31), token).status() != 404); i++) {
                Thread.sleep(250); // polls for the purge's next run
            }
            assertEquals(404, Http.get(url(revoked31), token).status(), "revoked 31 days ago: purged");
            assertEquals(404, Http.get(url(expired31), token).status(), "expired 31 days ago: purged");
            for (JsonNode kept : List.of(revoked29, expired29)) {
                Http.Resp read = Http.get(url(kept), token);
                assertEquals(200, read.status(), kept.get("name").asText() + ": still listed");
                assertEquals(kept == revoked29 ? "revoked" : "expired", read.json().get("state").asText(), kept.get("name").asText());
            }
            assertEquals("active", Http.get(url(live), token).json().get("state").asText());
            String listed = Http.get(Demo.credentialsUrl(server), token).body();
            assertTrue(listed.contains(revoked29.get("id").asText()) && listed.contains(expired29.get("id").asText()), listed);
            assertFalse(listed.contains(revoked31.get("id").asText()) || listed.contains(expired31.get("id").asText()), listed);
        } finally {
            clock.reset();
        }
    }

    /** With a retention of 0 days, a revoked credential is gone at the next purge run (every database). */
    @Test
    void aRevokedCredentialIsPurgedOnceItsRetentionIsOver() throws Exception {
        String token = user.token(server);
        JsonNode revoked = newCredential("retained");
        assertEquals(204, Http.delete(url(revoked), token).status());
        assertEquals("revoked", Http.get(url(revoked), token).json().get("state").asText(), "listed as revoked");

        JsonNode before = Demo.setPolicy(server, Map.of("retentionDays", 0));
        try {
            // polls for the purge's next run (every 3 s in the tests)
            Http.Resp gone = Http.get(url(revoked), token);
            for (int i = 0; i < 60 && gone.status() != 404; i++) {
                Thread.sleep(250);
                gone = Http.get(url(revoked), token);
            }
            assertEquals(404, gone.status(), "purged once past retention");
        } finally {
            Demo.restorePolicy(server, before);
        }
    }
}
