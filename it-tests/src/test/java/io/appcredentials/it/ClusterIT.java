package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Database;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.MailServer;
import io.appcredentials.it.support.TestClock;

/**
 * Two Keycloak nodes in production mode on one PostgreSQL database, clustered by Keycloak's own cache stack
 * (JDBC-ping discovery on loopback). Changes made on one node take effect on the other at the next request.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static KeycloakServer a;
    private static KeycloakServer b;
    private static Demo.TestUser user;
    private static Database db;

    @BeforeAll
    static void startTwoNodes() {
        db = Database.createFresh("postgres", "appcred_cluster_" + Long.toString(System.currentTimeMillis(), 36));
        List<String> argsA = nodeArgs(db);
        argsA.add("--spi-app-credentials--default--usage-flush-interval-seconds=2");
        a = KeycloakServer.startClusterNode("node-a", argsA);
        // node B is configured with the option names of the previous release, which still work for now
        List<String> argsB = nodeArgs(db);
        argsB.add("--spi-events-listener--app-credentials--usage-flush-interval-seconds=2");
        b = KeycloakServer.startClusterNode("node-b", argsB);
        awaitClusterOfTwo();
        Demo.prepareForTests(a);
        user = Demo.aliceLike(a);
    }

    @AfterAll
    static void stopNodes() {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
    }

    private static List<String> nodeArgs(Database db) {
        List<String> args = new ArrayList<>(db.kcArgs());
        args.add("--cache-embedded-network-bind-address=127.0.0.1");
        args.add("--cache-embedded-network-bind-port=" + KeycloakServer.freePort());
        return args;
    }

    private static void awaitClusterOfTwo() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (a.logText().matches("(?s).*ISPN000094: Received new cluster view.*\\(2\\).*")
                    || b.logText().matches("(?s).*ISPN000094: Received new cluster view.*\\(2\\).*")) {
                return;
            }
            sleep(1000);
        }
        throw new AssertionError("The two nodes did not form a cluster; node A log:\n" + a.logTail(40));
    }

    @Test
    @Order(0)
    void theOptionNamesOfThePreviousReleaseStillWorkWithAWarning() {
        JsonNode infoA = Http.get(a.baseUrl() + "/admin/serverinfo", Demo.masterAdminToken(a)).json()
                .get("providers").get("app-credentials").get("providers").get("default").get("operationalInfo");
        JsonNode infoB = Http.get(b.baseUrl() + "/admin/serverinfo", Demo.masterAdminToken(b)).json()
                .get("providers").get("app-credentials").get("providers").get("default").get("operationalInfo");
        assertEquals("2", infoA.get("usageFlushIntervalSeconds").asText(), infoA.toString());
        assertEquals("2", infoB.get("usageFlushIntervalSeconds").asText(), infoB.toString());
        assertTrue(b.logText().contains("--spi-events-listener--app-credentials--usage-flush-interval-seconds is deprecated"), "deprecation warning");
        assertFalse(a.logText().contains("is deprecated and will be removed"), "no warning for the current names");
    }

    private static Http.Resp token(KeycloakServer node, JsonNode c) {
        return Http.postForm(node.tokenEndpoint(Demo.REALM), Http.form("grant_type", "client_credentials"), c.get("id").asText(), c.get("secret").asText());
    }

    @Test
    @Order(1)
    void createdOnOneNodeUsableOnTheOther() {
        JsonNode c = Demo.create(a, user.token(a), Map.of("name", "cross-node"));
        Http.Resp r = token(b, c);
        assertEquals(200, r.status(), r.toString());
        assertEquals(c.get("id").asText(), Http.claims(r.json().get("access_token").asText()).get("app_credential").asText());
    }

    @Test
    @Order(2)
    void disabledOnOneNodeRefusedByTheOtherAtTheNextRequest() {
        JsonNode c = Demo.create(a, user.token(a), Map.of("name", "disable-me"));
        String accessToken = token(a, c).json().get("access_token").asText(); // node A now has it cached
        assertEquals(200, token(a, c).status());
        Http.Resp disabled = Http.patchJson(Demo.credentialsUrl(b) + "/" + c.get("id").asText(), user.token(b), Map.of("state", "disabled"));
        assertEquals(200, disabled.status(), disabled.toString());
        Http.Resp refused = token(a, c);
        assertEquals(401, refused.status(), refused.toString());
        assertTrue(refused.json().get("error_description").asText().contains("disabled"));
        Http.Resp introspection = Http.postForm(a.tokenEndpoint(Demo.REALM) + "/introspect", Http.form("token", accessToken), "my-api", "my-api-secret");
        assertEquals(false, introspection.json().get("active").asBoolean(), "lease ended on the other node too");
        // and back
        assertEquals(200, Http.patchJson(Demo.credentialsUrl(a) + "/" + c.get("id").asText(), user.token(a), Map.of("state", "active")).status());
        assertEquals(200, token(b, c).status());
    }

    @Test
    @Order(3)
    void roleRemovedAndPolicyChangedOnOneNodeApplyOnTheOther() {
        JsonNode c = Demo.create(a, user.token(a), Map.of("name", "roles-across", "realmRoles", List.of("writer")));
        JsonNode before = Http.claims(token(a, c).json().get("access_token").asText());
        assertTrue(before.get("realm_access").get("roles").toString().contains("writer"));

        String admin = Demo.masterAdminToken(b);
        JsonNode writer = Http.get(b.baseUrl() + "/admin/realms/demo/roles/writer", admin).json();
        assertEquals(204, Http.send("DELETE", b.baseUrl() + "/admin/realms/demo/users/" + user.id() + "/role-mappings/realm", admin, List.of(writer)).status());
        JsonNode after = Http.claims(token(a, c).json().get("access_token").asText());
        JsonNode roles = after.get("realm_access");
        assertTrue(roles == null || !roles.toString().contains("writer"), String.valueOf(roles));

        JsonNode policy = Demo.setPolicy(b, Map.of("accessTokenLifespanSeconds", 77));
        try {
            JsonNode claims = Http.claims(token(a, c).json().get("access_token").asText());
            assertEquals(77, claims.get("exp").asLong() - claims.get("iat").asLong());
        } finally {
            Demo.restorePolicy(b, policy);
        }
    }

    /** Revoked on one node: the other node, which has the credential cached, refuses it at the next request. */
    @Test
    @Order(10)
    void revokedOnOneNodeRefusedByTheOther() {
        JsonNode c = Demo.create(a, user.token(a), Map.of("name", "revoke-across"));
        assertEquals(200, token(b, c).status(), "control: works on B, which now has it cached");
        assertEquals(204, Http.delete(Demo.credentialsUrl(a) + "/" + c.get("id").asText(), user.token(a)).status());
        Http.Resp refused = token(b, c);
        assertEquals(401, refused.status(), "the other node refuses a revoked credential");
        assertEquals(401, token(a, c).status());
    }

    /** Regenerated on one node: on the other, the old secret is refused and the new one works at once. */
    @Test
    @Order(11)
    void regeneratedOnOneNodeTheOtherRefusesTheOldSecretAndTakesTheNewOne() {
        JsonNode c = Demo.create(a, user.token(a), Map.of("name", "regenerate-across"));
        String id = c.get("id").asText();
        assertEquals(200, token(b, c).status(), "control: B has the old secret's hash cached");
        Http.Resp regenerated = Http.postJson(Demo.credentialsUrl(a) + "/" + id + "/regenerate", user.token(a), Map.of());
        assertEquals(200, regenerated.status(), regenerated.toString());
        String fresh = regenerated.json().get("secret").asText();
        assertEquals(401, token(b, c).status(), "the old secret on the other node");
        assertEquals(200, Demo.clientCredentialsBasic(b, id, fresh).status(), "the new secret on the other node");
        assertEquals(401, token(a, c).status());
    }

    /**
     * Rotation with an overlap (issue 28): the overlap begun on node A is in force on node B (both secrets work there),
     * and ended on A it ends on B at the next request: B had the lease with the previous secret cached.
     */
    @Test
    @Order(13)
    void overlapEndedOnOtherNode() {
        Demo.TestUser owner = Demo.aliceLike(a); // the class's user is near the credential limit
        JsonNode c = Demo.create(a, owner.token(a), Map.of("name", "overlap-across"));
        String id = c.get("id").asText();
        String oldSecret = c.get("secret").asText();
        assertEquals(200, token(b, c).status(), "control: B has the credential cached");
        Http.Resp regenerated = Http.postJson(Demo.credentialsUrl(a) + "/" + id + "/regenerate", owner.token(a), Map.of("overlapSeconds", 3600));
        assertEquals(200, regenerated.status(), regenerated.toString());
        String fresh = regenerated.json().get("secret").asText();
        String fromOld = Demo.clientCredentialsBasic(b, id, oldSecret).json().get("access_token").asText(); // B caches the overlap
        assertEquals(200, Demo.clientCredentialsBasic(b, id, fresh).status(), "the new secret on the other node");
        Http.Resp ended = Http.delete(Demo.credentialsUrl(a) + "/" + id + "/previous-secret", owner.token(a));
        assertEquals(204, ended.status(), ended.toString());
        assertEquals(401, Demo.clientCredentialsBasic(b, id, oldSecret).status(), "the previous secret on the other node");
        Http.Resp introspection = Http.postForm(b.tokenEndpoint(Demo.REALM) + "/introspect", Http.form("token", fromOld), "my-api", "my-api-secret");
        assertEquals(false, introspection.json().get("active").asBoolean(), "its tokens on the other node too");
        assertEquals(200, Demo.clientCredentialsBasic(b, id, fresh).status(), "the new secret still works there");
    }

    /**
     * Renewed on one node: the other node uses the new expiry at once. An access token never outlives its
     * credential, so a token from B shows which expiry B has: before the renewal, one 2 minutes away.
     */
    @Test
    @Order(12)
    void renewedOnOneNodeTheOtherUsesTheNewExpiry() {
        JsonNode policy = Demo.setPolicy(a, Map.of("accessTokenLifespanSeconds", 900));
        try {
            Instant soon = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
            JsonNode c = Demo.create(a, user.token(a), Map.of("name", "renew-across", "expiresAt", soon.toString()));
            String id = c.get("id").asText();
            JsonNode before = Http.claims(token(b, c).json().get("access_token").asText());
            assertTrue(before.get("exp").asLong() <= soon.getEpochSecond(), "control: capped at the old expiry on B: " + before.get("exp"));

            Instant later = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            Http.Resp renewed = Http.postJson(Demo.credentialsUrl(a) + "/" + id + "/renew", user.token(a), Map.of("expiresAt", later.toString()));
            assertEquals(200, renewed.status(), renewed.toString());
            JsonNode after = Http.claims(token(b, c).json().get("access_token").asText());
            assertTrue(after.get("exp").asLong() > soon.getEpochSecond() + 60,
                    "B issues tokens past the old expiry: exp " + after.get("exp") + ", old expiry " + soon.getEpochSecond());
            assertEquals(900, after.get("exp").asLong() - after.get("iat").asLong());
            assertEquals(later.toString(), Http.get(Demo.credentialsUrl(b) + "/" + id, user.token(b)).json().get("expiresAt").asText());
        } finally {
            Demo.restorePolicy(a, policy);
        }
    }

    /**
     * Suspended on one node (the owner's last second factor removed through node A's admin API): node B, which has
     * the credential cached, refuses it at the next request.
     */
    @Test
    @Order(13)
    void suspendedOnOneNodeRefusedByTheOther() {
        Demo.TestUser owner = Demo.aliceLike(a);
        JsonNode c = Demo.create(a, owner.token(a), Map.of("name", "suspend-across"));
        assertEquals(200, token(b, c).status(), "control: works on B, which now has it cached");
        String admin = Demo.masterAdminToken(a);
        String base = a.baseUrl() + "/admin/realms/" + Demo.REALM + "/users/" + owner.id() + "/credentials";
        int removed = 0;
        for (JsonNode cred : Http.get(base, admin).json()) {
            if ("otp".equals(cred.get("type").asText())) {
                assertEquals(204, Http.delete(base + "/" + cred.get("id").asText(), admin).status());
                removed++;
            }
        }
        assertEquals(1, removed, "control: the owner's one second factor removed on A");
        Http.Resp refused = token(b, c);
        assertEquals(401, refused.status(), "the other node refuses a suspended credential");
        assertTrue(refused.json().get("error_description").asText().contains("suspended"), refused.toString());
        assertEquals("suspended", Http.get(Demo.adminCredentialsUrl(b) + "/" + c.get("id").asText(), Demo.masterAdminToken(b)).json().get("state").asText());
    }

    /** Uses counted on both nodes add up in the row: N on A and M on B make a use count of N + M. */
    @Test
    @Order(14)
    void useCountsOfBothNodesAddUp() {
        JsonNode c = Demo.create(a, user.token(a), Map.of("name", "counted-across"));
        int onA = 7;
        int onB = 5;
        for (int i = 0; i < onA; i++) {
            assertEquals(200, token(a, c).status());
        }
        for (int i = 0; i < onB; i++) {
            assertEquals(200, token(b, c).status());
        }
        String url = Demo.credentialsUrl(a) + "/" + c.get("id").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long count = Http.get(url, user.token(a)).json().get("useCount").asLong();
        while (count < onA + onB && System.nanoTime() < deadline) {
            sleep(500);
            count = Http.get(url, user.token(a)).json().get("useCount").asLong();
        }
        assertEquals(onA + onB, count, "uses of both nodes, each flushed every 2 s");
        sleep(5000); // two more flushes of each node: nothing counted twice
        assertEquals(onA + onB, Http.get(url, user.token(a)).json().get("useCount").asLong());
    }

    /**
     * The retention purge runs on one node of the cluster per interval (3 s here), not on each: over a window in
     * which the nodes' purge runs add up to at least 12, they add up to no more than one per 2.7 s (an interval, less
     * a tenth for the timers' jitter), plus one for the window's edges; both nodes purging every interval
     * would make about two per interval. (A bound on how often, which slowness cannot break.) And a revoked
     * credential past the realm's retention is purged, once in the two nodes' logs.
     */
    @Test
    @Order(15)
    void theRetentionPurgeRunsOnOneNodePerInterval() {
        String admin = Demo.masterAdminToken(a);
        String realm = "purged-" + System.nanoTime();
        assertEquals(201, Http.postJson(a.baseUrl() + "/admin/realms", admin, Map.of("realm", realm, "enabled", true)).status());
        try {
            assertEquals(201, Http.postJson(a.baseUrl() + "/admin/realms/" + realm + "/users", admin, Map.of("username", "someone", "enabled", true,
                    "credentials", List.of(Demo.totpCredential()))).status());
            String userId = Http.get(a.baseUrl() + "/admin/realms/" + realm + "/users?username=someone", admin).json().get(0).get("id").asText();
            String url = a.baseUrl() + "/admin/realms/" + realm + "/app-credentials";
            Http.Resp created = Http.postJson(url + "/users/" + userId, admin, Map.of("name", "to-purge"));
            assertEquals(201, created.status(), created.toString());
            String id = created.json().get("id").asText();
            Http.Resp retention = Http.putJson(url + "/policy", admin, Map.of("retentionDays", 0));
            assertEquals(200, retention.status(), retention.toString());
            assertEquals(204, Http.delete(url + "/" + id, admin).status());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Http.get(url + "/" + id, admin).status() != 404) {
                assertTrue(System.nanoTime() < deadline, "the revoked credential was not purged within 60 s");
                sleep(500);
            }
            assertEquals(404, Http.get(b.baseUrl() + "/admin/realms/" + realm + "/app-credentials/" + id, Demo.masterAdminToken(b)).status());
            String line = "Purged 1 revoked or expired application credential(s) in realm " + realm;
            sleep(7000); // two more intervals
            long purges = a.logText().lines().filter(l -> l.contains(line)).count() + b.logText().lines().filter(l -> l.contains(line)).count();
            assertEquals(1, purges, "one purge of the credential in the two nodes' logs");
        } finally {
            Http.delete(a.baseUrl() + "/admin/realms/" + realm, Demo.masterAdminToken(a));
        }

        long start = System.nanoTime();
        long runs0 = purgeRuns(a) + purgeRuns(b);
        long deadline = start + TimeUnit.SECONDS.toNanos(90);
        long runs;
        do {
            sleep(500);
            runs = purgeRuns(a) + purgeRuns(b) - runs0;
            assertTrue(System.nanoTime() < deadline, "the purge did not run 12 times within 90 s: " + runs);
        } while (runs < 12);
        // one node runs it, once per interval (3 s here; 2.7 s leaves room for the timers' jitter)
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(runs <= seconds / 2.7 + 1.5, runs + " purge runs on the two nodes in " + String.format("%.1f", seconds)
                + " s, intervals of 3 s: more than one node per interval (A " + purgeRuns(a) + ", B " + purgeRuns(b) + " in all)");
    }

    private static long purgeRuns(KeycloakServer node) {
        return Demo.extensionInfo(node).get("purgeRuns").asLong();
    }

    /**
     * Issue 16: both nodes schedule the mail job (every 3 s, on one node per interval), and
     * each reminder is claimed in the shared database before it is sent: one reminder, not two.
     */
    @Test
    @Order(4)
    void theMailJobOfTwoNodesSendsOneReminderNotTwo() {
        try (MailServer smtp = MailServer.start()) {
            smtp.useFor(a);
            try {
                String expiresAt = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
                JsonNode c = Demo.create(b, user.token(b), Map.of("name", "reminded-once", "expiresAt", expiresAt));
                String id = c.get("id").asText();
                Predicate<MailServer.Mail> reminder = m -> m.all().contains(id) && m.subject().contains("expires on");
                smtp.await(reminder, 1, Duration.ofSeconds(90));

                // the job runs several more times after the reminder went out, on whichever node's turn it is
                long runsA = Demo.reminderRuns(a);
                long runsB = Demo.reminderRuns(b);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (Demo.reminderRuns(a) + Demo.reminderRuns(b) < runsA + runsB + 4) {
                    assertTrue(System.nanoTime() < deadline, "the mail job did not run four more times: A "
                            + runsA + " → " + Demo.reminderRuns(a) + ", B " + runsB + " → " + Demo.reminderRuns(b));
                    sleep(500);
                }
                assertEquals(1, smtp.mails(reminder).size(), smtp.mails().toString());
                assertEquals(1, smtp.mails(m -> m.all().contains(id) && m.subject().startsWith("New application credential")).size(),
                        "and one created notice");
            } finally {
                MailServer.noSmtp(a);
            }
        }
    }

    /**
     * Idle retirement must not race the batched usage flush: a credential used on any node within the window is never
     * retired. A third node joins with a usage flush of an hour (its counted uses stay in its memory); credential A is
     * used there only, a day after it was made, and B never. After the clocks of all three nodes move past the window
     * of B (maxIdleDays 2 and the job's hour), the idle job, on whichever node's turn it is, retires B (the positive
     * control) and keeps A: the third node wrote A's use to the database before issuing its token (the durable-use
     * write), not at its flush.
     */
    @Test
    @Order(40)
    void idleKeepsUseOnOtherNode() {
        List<String> argsC = nodeArgs(db);
        argsC.add("--spi-app-credentials--default--usage-flush-interval-seconds=3600");
        KeycloakServer c = KeycloakServer.startClusterNode("node-c", argsC);
        List<TestClock> clocks = List.of(new TestClock(a), new TestClock(b), new TestClock(c));
        JsonNode before = Demo.setPolicy(a, Map.of("maxIdleDays", 2));
        try {
            Demo.TestUser ownerUser = Demo.aliceLike(a); // the class's user is near the credential limit
            String owner = ownerUser.token(a);
            JsonNode used = Demo.create(a, owner, Map.of("name", "idle-used-on-c"));
            JsonNode never = Demo.create(a, owner, Map.of("name", "idle-never-used"));
            clocks.forEach(clock -> clock.advance(Duration.ofDays(1)));
            assertEquals(200, token(c, used).status(), "A used on the third node only");
            clocks.forEach(clock -> clock.advance(Duration.ofDays(1).plusHours(1).plusMinutes(2)));

            String url = Demo.credentialsUrl(a) + "/";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!"disabled".equals(Http.get(url + never.get("id").asText(), ownerUser.token(a)).json().get("state").asText())) {
                assertTrue(System.nanoTime() < deadline, "B (never used) was not retired within 90 s");
                sleep(500); // polls for the idle job's next run
            }
            JsonNode b2 = Http.get(url + never.get("id").asText(), ownerUser.token(a)).json();
            assertEquals("idle", b2.get("stateReason").asText(), b2.toString());
            // a few more runs of the job, on whichever nodes
            long runs = Demo.reminderRuns(a) + Demo.reminderRuns(b) + Demo.reminderRuns(c);
            while (Demo.reminderRuns(a) + Demo.reminderRuns(b) + Demo.reminderRuns(c) < runs + 3) {
                assertTrue(System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(60), "the mail job did not run three more times");
                sleep(500);
            }
            JsonNode a2 = Http.get(url + used.get("id").asText(), ownerUser.token(a)).json();
            assertEquals("active", a2.get("state").asText(), "used on another node within the window: kept " + a2);
            assertEquals(200, token(b, used).status());
        } finally {
            clocks.forEach(TestClock::reset);
            Demo.restorePolicy(a, before);
            c.stop();
        }
    }

    @Test
    @Order(50)
    void nodeBKeepsServingWhenNodeADiesMidBurst() throws Exception {
        JsonNode c = Demo.create(b, user.token(b), Map.of("name", "survivor"));
        assertEquals(200, token(a, c).status());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger ok = new AtomicInteger();
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    if (n == 40) {
                        a.kill();
                    }
                    int status = token(b, c).status();
                    if (status == 200) {
                        ok.incrementAndGet();
                    }
                    return status;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(200, f.get(2, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, ok.get());
        assertEquals(200, token(b, c).status());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
