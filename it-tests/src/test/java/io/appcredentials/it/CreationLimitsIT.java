package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.MailServer;
import io.appcredentials.it.support.MailServer.Mail;
import io.appcredentials.it.support.TestServer;

/**
 * Bounded creation (issue 22, point 11): creations and new secrets per owner per hour are limited (policy
 * {@code maxCreatesPerHour}), also under concurrency, with a 429 naming the limit and a Retry-After; the user's list is
 * paged, live credentials first, newest first; a burst of creations makes a bounded number of mails (one now, the rest
 * together once the notice interval has passed: 30 s in the tests), received by a real SMTP server.
 */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class CreationLimitsIT {

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

    /** Sends all the requests at once (each on its own thread, released together) and returns the answers in order. */
    private static List<Http.Resp> burst(List<Callable<Http.Resp>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Http.Resp>> pending = new ArrayList<>();
            for (Callable<Http.Resp> request : requests) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<Http.Resp> answers = new ArrayList<>();
            for (Future<Http.Resp> f : pending) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A burst of concurrent creates past the hourly limit: exactly the limit is created, the rest is 429 naming the
     * limit with a Retry-After; a new secret counts too; create-and-revoke does not get around it. The burst's notices
     * come in at most two mails that together name every credential once.
     */
    @Test
    void aBurstOfCreatesIsStoppedByTheHourlyLimitAndMailedInABoundedNumberOfMails() throws Exception {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        int limit = 6;
        JsonNode before = Demo.setPolicy(server, Map.of("maxCreatesPerHour", limit));
        try {
            // a create and revoke cycle, as the attack ran it: revoking gives no creation back
            JsonNode first = Demo.create(server, token, Map.of("name", "cycle"));
            assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + first.get("id").asText(), token).status());

            List<Callable<Http.Resp>> creates = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String name = "burst-" + i;
                creates.add(() -> Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", name)));
            }
            List<JsonNode> created = new ArrayList<>();
            int refused = 0;
            for (Http.Resp r : burst(creates)) {
                if (r.status() == 201) {
                    created.add(r.json());
                } else {
                    assertEquals(429, r.status(), r.toString());
                    assertEquals("maxCreatesPerHour", r.json().get("field").asText(), r.toString());
                    assertTrue(r.json().get("errorMessage").asText().contains("allows " + limit), r.toString());
                    long retryAfter = Long.parseLong(r.header("Retry-After"));
                    assertTrue(retryAfter > 0 && retryAfter <= 3600, "Retry-After within the hour: " + retryAfter);
                    refused++;
                }
            }
            assertEquals(limit - 1, created.size(), "exactly the limit, the first cycle included");
            assertEquals(12 - (limit - 1), refused);

            Http.Resp regenerate = Http.postJson(Demo.credentialsUrl(server) + "/" + created.get(0).get("id").asText() + "/regenerate", token, Map.of());
            assertEquals(429, regenerate.status(), "a new secret counts as a creation: " + regenerate);
            JsonNode options = Http.get(Demo.credentialsUrl(server) + "/options", token).json();
            assertEquals(limit, options.get("policy").get("maxCreatesPerHour").asInt());
            assertEquals(limit, options.get("createdInLastHour").asInt(), options.toString());

            // the mails: every credential named in exactly one, and at most two mails for the whole burst
            Set<String> ids = new HashSet<>();
            ids.add(first.get("id").asText());
            created.forEach(c -> ids.add(c.get("id").asText()));
            String address = user.username() + "@example.com";
            long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
            while (!allNamed(ids, address) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            List<Mail> mails = smtp.mails(m -> m.to().contains(address));
            assertTrue(allNamed(ids, address), "every credential in a mail: " + mails);
            Map<String, Integer> seen = new HashMap<>();
            for (Mail m : mails) {
                for (String id : ids) {
                    if (m.text().contains(id)) {
                        seen.merge(id, 1, Integer::sum);
                    }
                }
            }
            ids.forEach(id -> assertEquals(1, seen.get(id), id + " named once: " + mails));
            assertTrue(mails.size() <= 2, limit + " creations, at most two mails: " + mails);
            Mail digest = mails.stream().filter(m -> m.subject().endsWith("new application credentials or secrets")).findFirst().orElse(null);
            if (digest != null) {
                assertTrue(digest.text().contains("since the last mail about them"), digest.text());
                assertTrue(digest.text().contains("If this was not you, revoke the credential there at once"), digest.text());
            }
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    private static boolean allNamed(Set<String> ids, String address) {
        List<Mail> mails = smtp.mails(m -> m.to().contains(address));
        return ids.stream().allMatch(id -> mails.stream().anyMatch(m -> m.text().contains(id)));
    }

    /** An administrator's creations for a user count against the same limit, and say whose limit it is. */
    @Test
    void anAdministratorsCreationsCountToo() {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode before = Demo.setPolicy(server, Map.of("maxCreatesPerHour", 2));
        try {
            String admin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
            Demo.create(server, user.token(server), Map.of("name", "own"));
            String url = Demo.adminCredentialsUrl(server) + "/users/" + user.id();
            assertEquals(201, Http.postJson(url, admin, Map.of("name", "by-admin")).status());
            Http.Resp refused = Http.postJson(url, admin, Map.of("name", "one-too-many"));
            assertEquals(429, refused.status(), refused.toString());
            assertTrue(refused.json().get("errorMessage").asText().contains("user '" + user.username() + "'"), refused.toString());
            assertTrue(refused.header("Retry-After") != null);
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    /**
     * The 409 of the per-user limit names the owner's real count and the realm's limit (issue 30: it said "You have 5"
     * to a user with 6 live credentials after the limit was lowered to 5), to the owner and to an administrator.
     */
    @Test
    void theLimitReachedAnswerNamesTheRealCountAndTheLimit() {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        JsonNode before = Demo.setPolicy(server, Map.of("maxPerUser", 6, "maxCreatesPerHour", 1000, "notifyOnCreate", false));
        try {
            for (int i = 0; i < 6; i++) {
                Demo.create(server, token, Map.of("name", "live-" + i));
            }
            Demo.setPolicy(server, Map.of("maxPerUser", 5));
            Http.Resp refused = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "seventh"));
            assertEquals(409, refused.status(), refused.toString());
            assertEquals("You have 6 live application credentials and this realm allows at most 5; revoke 2 first",
                    refused.json().path("errorMessage").asText(), refused.toString());
            assertEquals(6, Http.get(Demo.credentialsUrl(server) + "/options", token).json().get("count").asInt(),
                    "the count the message names is the one options shows");

            String admin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
            Http.Resp byAdmin = Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + user.id(), admin, Map.of("name", "by-admin"));
            assertEquals(409, byAdmin.status(), byAdmin.toString());
            assertEquals("User '" + user.username() + "' has 6 live application credentials and this realm allows at most 5; revoke 2 first",
                    byAdmin.json().path("errorMessage").asText(), byAdmin.toString());
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    /**
     * Revoked credentials within retention cannot grow an owner's list without bound: the newest 100 revoked or expired
     * ones stay listed, older ones are deleted when the next credential is created.
     */
    @Test
    void onlyTheNewestHundredRevokedCredentialsOfAnOwnerStay() {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        JsonNode before = Demo.setPolicy(server, Map.of("maxCreatesPerHour", 1000, "notifyOnCreate", false));
        List<String> made = new ArrayList<>();
        try {
            for (int i = 0; i < 102; i++) {
                String id = Demo.create(server, token, Map.of("name", "cycle-" + i)).get("id").asText();
                made.add(id);
                assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + id, token).status());
            }
            JsonNode last = Demo.create(server, token, Map.of("name", "live"));
            JsonNode listed = Http.get(Demo.credentialsUrl(server) + "?max=1000", token).json();
            assertEquals(101, listed.size(), "one live and the newest 100 revoked");
            assertEquals(last.get("id").asText(), listed.get(0).get("id").asText(), "the live one first");
            assertEquals(made.get(101), listed.get(1).get("id").asText(), "then the newest revoked");
            assertEquals(made.get(2), listed.get(100).get("id").asText(), "the oldest one kept");
            for (String gone : made.subList(0, 2)) {
                assertEquals(404, Http.get(Demo.credentialsUrl(server) + "/" + gone, token).status(), gone + " deleted");
                assertEquals(404, Http.get(Demo.adminCredentialsUrl(server) + "/" + gone, Demo.masterAdminToken(server)).status());
            }
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    /** The user's list is paged like the admin list: live ones first, newest first within each group. */
    @Test
    void theUsersListIsPagedLiveOnesFirstNewestFirst() throws InterruptedException {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            made.add(Demo.create(server, token, Map.of("name", "page-" + i)).get("id").asText());
            Thread.sleep(5); // distinct creation times
        }
        // page-1 and page-3 revoked: dead ones go last
        assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + made.get(1), token).status());
        assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + made.get(3), token).status());
        List<String> expected = List.of(made.get(5), made.get(4), made.get(2), made.get(0), made.get(3), made.get(1));

        assertEquals(expected, ids(Http.get(Demo.credentialsUrl(server), token)));
        assertEquals(expected.subList(0, 2), ids(Http.get(Demo.credentialsUrl(server) + "?max=2", token)));
        assertEquals(expected.subList(2, 5), ids(Http.get(Demo.credentialsUrl(server) + "?first=2&max=3", token)));
        assertEquals(List.of(), ids(Http.get(Demo.credentialsUrl(server) + "?first=6", token)));
        for (String bad : new String[] { "max=1001", "max=-1", "first=-1", "first=x", "max=1.5" }) {
            Http.Resp r = Http.get(Demo.credentialsUrl(server) + "?" + bad, token);
            assertEquals(400, r.status(), bad + " -> " + r);
            assertEquals(bad.substring(0, bad.indexOf('=')), r.json().get("field").asText());
        }
        assertFalse(server.logText().contains("Uncaught server error"));
    }

    private static List<String> ids(Http.Resp r) {
        assertEquals(200, r.status(), r.toString());
        List<String> out = new ArrayList<>();
        r.json().forEach(c -> out.add(c.get("id").asText()));
        return out;
    }
}
