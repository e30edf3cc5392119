package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/** The user's own lifecycle controls and Vault-style lease semantics (issue 7). */
@ExtendWith(TestServer.class)
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

        Http.Resp defaulted = Http.postJson(url(c) + "/renew", token, Map.of());
        assertEquals(200, defaulted.status(), defaulted.toString());
        Instant renewed = Instant.parse(defaulted.json().get("expiresAt").asText());
        assertTrue(renewed.isAfter(before.plus(20, ChronoUnit.DAYS)), "now + 30 days: " + renewed);

        String later = Instant.now().plus(100, ChronoUnit.DAYS).toString();
        Http.Resp explicit = Http.postJson(url(c) + "/renew", token, Map.of("expiresAt", later));
        assertEquals(200, explicit.status(), explicit.toString());

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

    @Test
    void revokedAndExpiredCredentialsAreListedUntilTheRetentionPurge() throws Exception {
        String token = user.token(server);
        JsonNode revoked = newCredential("retained");
        assertEquals(204, Http.delete(url(revoked), token).status());
        Thread.sleep(4000); // more than one purge interval (3 s in the tests)
        assertEquals("revoked", Http.get(url(revoked), token).json().get("state").asText(), "kept for retentionDays (30)");

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
}
