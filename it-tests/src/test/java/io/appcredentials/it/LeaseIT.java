package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
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
        JsonNode read = null;
        for (int i = 0; i < 20; i++) {
            Thread.sleep(1000);
            read = Http.get(url(c), user.token(server)).json();
            if (read.get("useCount").asLong() >= requests) {
                break;
            }
        }
        assertEquals(requests, read.get("useCount").asLong(), read.toString());
        assertFalse(read.get("lastUsedAt").isNull());
        assertTrue(Instant.parse(read.get("lastUsedAt").asText()).isAfter(Instant.now().minusSeconds(60)));
        assertEquals(server.clientAddress(), read.get("lastUsedIp").asText());
    }

    /**
     * Retention (policy {@code retentionDays}, 30 in the demo realm): revoked and expired credentials stay listed for
     * that many days after they were revoked or expired, then the purge (every 3 s in the tests) deletes them. The
     * test moves the moments of revocation and expiry back in the database, to 29 and 31 days ago: after a purge run
     * the 31-day ones are gone and the 29-day ones are still listed. Runs where the test can write the server's
     * database while it runs (PostgreSQL, MariaDB: {@code -Dit.db}, {@code -Pdatabases}); the H2 file of the default
     * run is held by the server.
     */
    @Test
    void revokedAndExpiredCredentialsAreListedForRetentionDaysAndPurgedAfter() throws Exception {
        Assumptions.assumeFalse(server.database().isH2(), "needs a database the test can write while the server runs (-Dit.db=postgres|mariadb)");
        assertEquals(30, Http.get(Demo.policyUrl(server), Demo.masterAdminToken(server)).json().get("retentionDays").asInt(),
                "the demo realm's policy");
        String token = user.token(server);
        JsonNode revoked29 = newCredential("revoked-29");
        JsonNode revoked31 = newCredential("revoked-31");
        JsonNode expired29 = newCredential("expired-29");
        JsonNode expired31 = newCredential("expired-31");
        JsonNode live = newCredential("live");
        assertEquals(204, Http.delete(url(revoked29), token).status());
        assertEquals(204, Http.delete(url(revoked31), token).status());
        long day = 86_400_000L;
        long now = System.currentTimeMillis();
        setColumn("REVOKED_AT", now - 29 * day, revoked29);
        setColumn("REVOKED_AT", now - 31 * day, revoked31);
        setColumn("EXPIRES_AT", now - 29 * day, expired29);
        setColumn("EXPIRES_AT", now - 31 * day, expired31);

        // the purge deletes every credential past retention in one statement: once one is gone, that run saw all
        for (int i = 0; i < 20 && (Http.get(url(revoked31), token).status() != 404 || Http.get(url(expired31), token).status() != 404); i++) {
            Thread.sleep(1000);
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
            Http.Resp gone = null;
            for (int i = 0; i < 15; i++) {
                Thread.sleep(1000);
                gone = Http.get(url(revoked), token);
                if (gone.status() == 404) {
                    break;
                }
            }
            assertEquals(404, gone.status(), "purged once past retention");
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    private void setColumn(String column, long millis, JsonNode credential) throws Exception {
        try (Connection conn = server.database().connect();
             PreparedStatement ps = conn.prepareStatement("UPDATE APP_CREDENTIAL SET " + column + " = ? WHERE ID = ?")) {
            ps.setLong(1, millis);
            ps.setString(2, credential.get("id").asText());
            assertEquals(1, ps.executeUpdate(), column + " of " + credential.get("id").asText());
        }
    }
}
