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

    @BeforeAll
    static void startTwoNodes() {
        Database db = Database.createFresh("postgres", "appcred_cluster_" + Long.toString(System.currentTimeMillis(), 36));
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

    /**
     * Issue 16: both nodes run the mail job (every 3 s, one at a time through Keycloak's cluster-aware task), and
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

                // both nodes' jobs run several more times after the reminder went out
                long runsA = Demo.reminderRuns(a);
                long runsB = Demo.reminderRuns(b);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (Demo.reminderRuns(a) < runsA + 2 || Demo.reminderRuns(b) < runsB + 2) {
                    assertTrue(System.nanoTime() < deadline, "the mail job did not run twice more on each node: A "
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

    @Test
    @Order(5)
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
