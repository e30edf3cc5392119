package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.MailServer;
import io.appcredentials.it.support.MailServer.Mail;
import io.appcredentials.it.support.TestClock;
import io.appcredentials.it.support.TestServer;

/**
 * Issue 28, idle retirement (policy {@code maxIdleDays}): with {@code maxIdleDays = 2} (warning a day ahead), of three
 * credentials A (used within the window), B (never used) and C (used before the window), the owner is warned about B
 * and C once each, the mail job then disables exactly B and C with {@code stateReason} {@code idle} and mails once
 * each, and the owner enables C again only with a fresh second factor. The server's clock moves
 * ({@link TestClock}); the mail job runs every 3 s in the tests. GreenMail on loopback.
 */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class IdleRetirementIT {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(90);

    private static KeycloakServer server;
    private static MailServer smtp;

    @BeforeAll
    static void startSmtp() {
        server = TestServer.server();
        smtp = MailServer.start();
        smtp.useFor(server);
    }

    @AfterAll
    static void stopSmtp() {
        try {
            MailServer.noSmtp(server);
        } finally {
            smtp.close();
        }
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String url(JsonNode c) {
        return Demo.credentialsUrl(server) + "/" + c.get("id").asText();
    }

    private static Predicate<Mail> about(JsonNode c) {
        return m -> m.all().contains(c.get("id").asText());
    }

    private static Predicate<Mail> warning(JsonNode c) {
        return about(c).and(m -> m.subject().contains("will be disabled on"));
    }

    private static Predicate<Mail> retired(JsonNode c) {
        return about(c).and(m -> m.subject().contains("was disabled because it was not used"));
    }

    private static int tokenStatus(JsonNode c) {
        return Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status();
    }

    /** Waits (bounded) until the mail job has run {@code more} more times on the server. */
    private static void awaitJobRuns(int more) throws InterruptedException {
        long target = Demo.reminderRuns(server) + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Demo.reminderRuns(server) < target) {
            assertTrue(System.nanoTime() < deadline, "the mail job did not run " + more + " more times within 60 s");
            Thread.sleep(500); // polls the job's run counter
        }
    }

    @Test
    void idleCredentialsAreWarnedOnceThenDisabledOnceAndTheOwnerEnablesOneAgainWithAFreshSecondFactor() throws Exception {
        TestClock clock = new TestClock(server);
        JsonNode before = Demo.setPolicy(server, Map.of("maxIdleDays", 2, "mfaMaxAgeSeconds", 10));
        try {
            Demo.TestUser user = Demo.aliceLike(server);
            String token = user.token(server);
            JsonNode a = Demo.create(server, token, Map.of("name", name("idle-a")));
            JsonNode b = Demo.create(server, token, Map.of("name", name("idle-b")));
            JsonNode c = Demo.create(server, token, Map.of("name", name("idle-c")));
            // D: never used, its secret regenerated with a week's overlap: retirement ends the previous secret too
            JsonNode d0 = Demo.create(server, token, Map.of("name", name("idle-d")));
            Http.Resp rotated = Http.postJson(url(d0) + "/regenerate", token, Map.of("overlapSeconds", 604800));
            assertEquals(200, rotated.status(), rotated.toString());
            JsonNode d = rotated.json();
            assertTrue(d.hasNonNull("previousSecretExpiresAt"), d.toString());
            assertEquals(200, tokenStatus(c), "C used now, before the window");
            // the durable use was written at once; the flush (every 2 s in the tests) still adds the address
            JsonNode usedC = Http.get(url(c), token).json();
            for (int i = 0; i < 80 && usedC.get("lastUsedIp").isNull(); i++) {
                Thread.sleep(250); // polls for the next flush
                usedC = Http.get(url(c), token).json();
            }
            assertEquals(server.clientAddress(), usedC.get("lastUsedIp").asText(), usedC.toString());
            JsonNode read = Http.get(url(b), token).json();
            assertEquals(0, read.get("idleDays").asInt(), read.toString());
            assertTrue(read.hasNonNull("idleRetiresAt"), read.toString());
            assertFalse(read.has("stateReason"), read.toString());

            // a day on: A is used (within the window); B and C are a day from retirement: warned
            clock.advance(Duration.ofDays(1).plusMinutes(1));
            assertEquals(200, tokenStatus(a), "A used within the window");
            List<Mail> warnedB = smtp.await(warning(b), 1, MAIL_WAIT);
            List<Mail> warnedC = smtp.await(warning(c), 1, MAIL_WAIT);
            assertEquals(List.of(user.username() + "@example.com"), warnedB.get(0).to());
            assertTrue(warnedB.get(0).text().contains("never since it was enabled"), warnedB.get(0).text());
            assertFalse(warnedC.get(0).text().contains("never since it was enabled"), warnedC.get(0).text());
            assertFalse(warnedB.get(0).all().contains("acs_"), "no secret in a mail");
            awaitJobRuns(2);
            assertEquals(1, smtp.mails(warning(b)).size(), "B warned once: " + smtp.mails(warning(b)));
            assertEquals(1, smtp.mails(warning(c)).size(), "C warned once");
            assertEquals(0, smtp.mails(warning(a)).size(), "A was used: no warning");
            assertEquals(0, smtp.mails(retired(b)).size() + smtp.mails(retired(c)).size(), "nothing disabled yet");
            token = user.token(server);
            assertEquals(1, Http.get(url(b), token).json().get("idleDays").asInt());
            assertEquals("active", Http.get(url(b), token).json().get("state").asText());

            // past the window (2 days and the job's hour of margin) for B and C, not for A
            clock.advance(Duration.ofDays(1).plusHours(1).plusMinutes(1));
            smtp.await(retired(b), 1, MAIL_WAIT);
            smtp.await(retired(c), 1, MAIL_WAIT);
            smtp.await(retired(d), 1, MAIL_WAIT);
            awaitJobRuns(2);
            assertEquals(1, smtp.mails(retired(b)).size(), "B: one mail");
            assertEquals(1, smtp.mails(retired(c)).size(), "C: one mail");
            assertEquals(0, smtp.mails(retired(a)).size(), "A kept");
            token = user.token(server);
            for (JsonNode idle : List.of(b, c, d)) {
                JsonNode now = Http.get(url(idle), token).json();
                assertEquals("disabled", now.get("state").asText(), now.toString());
                assertEquals("idle", now.get("stateReason").asText(), now.toString());
                assertFalse(now.has("idleRetiresAt"), now.toString());
                assertEquals(401, tokenStatus(idle), "a credential disabled as idle gets no token");
            }
            JsonNode kept = Http.get(url(a), token).json();
            assertEquals("active", kept.get("state").asText(), kept.toString());
            assertFalse(kept.has("stateReason"), kept.toString());
            assertEquals(200, tokenStatus(a), "A still works");

            // the owner enables C again: not on the strength of a sign-in older than mfaMaxAgeSeconds
            clock.advance(Duration.ofSeconds(20));
            Http.Resp stale = Http.patchJson(url(c), token, Map.of("state", "active"));
            assertEquals(401, stale.status(), stale.toString());
            assertTrue(stale.header("WWW-Authenticate").startsWith("Bearer error=\"insufficient_user_authentication\""), stale.toString());
            assertEquals("disabled", Http.get(url(c), user.token(server)).json().get("state").asText(), "nothing changed");
            Http.Resp enabled = Http.patchJson(url(c), user.token(server), Map.of("state", "active"));
            assertEquals(200, enabled.status(), enabled.toString());
            assertEquals("active", enabled.json().get("state").asText());
            assertFalse(enabled.json().has("stateReason"), enabled.toString());
            assertEquals(0, enabled.json().get("idleDays").asInt(), "the idle clock starts again: " + enabled);
            assertEquals(200, tokenStatus(c), "C works again");

            // an administrator may enable an idle credential as any disabled one
            Http.Resp byAdmin = Http.patchJson(Demo.adminCredentialsUrl(server) + "/" + b.get("id").asText(), Demo.masterAdminToken(server),
                    Map.of("state", "active"));
            assertEquals(200, byAdmin.status(), byAdmin.toString());
            assertEquals(200, tokenStatus(b));

            // D enabled again: its current secret works, the previous one (a week's overlap when it was retired) not
            Http.Resp dOn = Http.patchJson(Demo.adminCredentialsUrl(server) + "/" + d.get("id").asText(), Demo.masterAdminToken(server),
                    Map.of("state", "active"));
            assertEquals(200, dOn.status(), dOn.toString());
            assertTrue(dOn.json().get("previousSecretExpiresAt").isNull(), "the overlap ended with the retirement: " + dOn);
            assertEquals(200, tokenStatus(d), "D's current secret");
            assertEquals(401, tokenStatus(d0), "D's previous secret ended with the retirement");
        } finally {
            clock.reset();
            Demo.restorePolicy(server, before);
        }
    }

    @Test
    void aCredentialDisabledByHandSaysWhoAndOneEnabledAgainSaysNothing() {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        JsonNode c = Demo.create(server, token, Map.of("name", name("manual")));
        JsonNode off = Http.patchJson(url(c), token, Map.of("state", "disabled")).json();
        assertEquals("owner", off.get("stateReason").asText(), off.toString());
        JsonNode on = Http.patchJson(url(c), token, Map.of("state", "active")).json();
        assertFalse(on.has("stateReason"), on.toString());
        assertFalse(on.has("idleDays"), "maxIdleDays off: no idle days " + on);
        JsonNode byAdmin = Http.patchJson(Demo.adminCredentialsUrl(server) + "/" + c.get("id").asText(), Demo.masterAdminToken(server),
                Map.of("state", "disabled")).json();
        assertEquals("admin", byAdmin.get("stateReason").asText(), byAdmin.toString());
        assertEquals(200, Http.patchJson(url(c), token, Map.of("state", "active")).status(), "no second factor needed for a manual disable");
    }

    @Test
    void maxIdleDaysIsOffOrOneToThreeHundredSixtyFiveDays() {
        String admin = Demo.masterAdminToken(server);
        JsonNode policy = Http.get(Demo.policyUrl(server), admin).json();
        assertTrue(policy.has("maxIdleDays") && policy.get("maxIdleDays").isNull(), "off by default: " + policy);
        for (Object hostile : new Object[] { 0, 366, -1, "7", "abc", 1.5, true, List.of(3), Map.of() }) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("maxIdleDays", hostile);
            Http.Resp r = Http.putJson(Demo.policyUrl(server), admin, body);
            assertEquals(400, r.status(), hostile + ": " + r);
            assertEquals("maxIdleDays", r.json().get("field").asText(), hostile + ": " + r);
        }
        assertTrue(Http.get(Demo.policyUrl(server), admin).json().get("maxIdleDays").isNull(), "nothing half-written");
        JsonNode before = Demo.setPolicy(server, Map.of("maxIdleDays", 365));
        try {
            assertEquals(365, Http.get(Demo.policyUrl(server), admin).json().get("maxIdleDays").asInt());
            JsonNode options = Http.get(Demo.credentialsUrl(server) + "/options", Demo.aliceLike(server).token(server)).json();
            assertEquals(365, options.get("policy").get("maxIdleDays").asInt(), options.toString());
        } finally {
            Demo.restorePolicy(server, before);
        }
        assertNull(Http.get(Demo.policyUrl(server), admin).json().get("maxIdleDays").numberValue());
    }
}
