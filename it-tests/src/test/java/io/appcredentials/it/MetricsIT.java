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
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * Issue 16, metrics: the extension's counters on Keycloak's own {@code /metrics} (management port, the server runs
 * with {@code --metrics-enabled=true}) move by exactly what a known sequence of requests does. Test classes run one
 * after the other, so nothing else moves them meanwhile.
 */
@ExtendWith(TestServer.class)
@Tag("container")
class MetricsIT {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final KeycloakServer server = TestServer.server();

    /** One sample of the scrape. */
    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private List<Sample> scrape() {
        Http.Resp r = Http.get(server.managementUrl() + "/metrics", null);
        assertEquals(200, r.status(), "metrics are enabled on the management port");
        List<Sample> samples = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return samples;
    }

    /** The sum of the samples of this name whose labels include these (0 when there is none yet). */
    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(x -> x.name().equals(name) && x.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    private static boolean present(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().anyMatch(x -> x.name().equals(name) && x.labels().entrySet().containsAll(labels.entrySet()));
    }

    private static double refused(List<Sample> before, List<Sample> after, String reason) {
        Map<String, String> labels = Map.of("realm", "demo", "reason", reason);
        return value(after, "app_credentials_tokens_refused_total", labels) - value(before, "app_credentials_tokens_refused_total", labels);
    }

    private static double delta(List<Sample> before, List<Sample> after, String name) {
        Map<String, String> labels = Map.of("realm", "demo");
        return value(after, name, labels) - value(before, name, labels);
    }

    private int token(JsonNode c, String secret) {
        return Demo.clientCredentialsBasic(server, c.get("id").asText(), secret).status();
    }

    @Test
    void issuedAndRefusedCountersMoveByExactlyTheRequestsMade() {
        Demo.TestUser user = Demo.aliceLike(server);
        String userToken = user.token(server);
        String url = Demo.credentialsUrl(server);
        List<Sample> before = scrape();

        JsonNode ok = Demo.create(server, userToken, Map.of("name", "metrics-ok-" + UUID.randomUUID()));
        JsonNode disabled = Demo.create(server, userToken, Map.of("name", "metrics-disabled-" + UUID.randomUUID()));
        Instant soon = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        JsonNode expiring = Demo.create(server, userToken, Map.of("name", "metrics-expiring-" + UUID.randomUUID(), "expiresAt", soon.toString()));
        // restricted: only from a network the test is not in, and only with DPoP proofs (the test sends none)
        JsonNode elsewhere = Demo.create(server, userToken, Map.of("name", "metrics-net-" + UUID.randomUUID(), "allowedCidrs", List.of("192.0.2.0/24")));
        JsonNode dpop = Demo.create(server, userToken, Map.of("name", "metrics-dpop-" + UUID.randomUUID(), "requireDpop", true));
        assertEquals(401, token(elsewhere, elsewhere.get("secret").asText()));
        assertEquals(400, token(dpop, dpop.get("secret").asText()));

        for (int i = 0; i < 3; i++) {
            assertEquals(200, token(ok, ok.get("secret").asText()));
        }
        String wrong = "acs_" + "A".repeat(43) + "000000";
        assertEquals(401, token(ok, wrong));
        assertEquals(401, token(ok, disabled.get("secret").asText()));
        assertEquals(200, Http.patchJson(url + "/" + disabled.get("id").asText(), userToken, Map.of("state", "disabled")).status());
        assertEquals(401, token(disabled, disabled.get("secret").asText()));
        awaitExpired(expiring, userToken);
        assertEquals(401, token(expiring, expiring.get("secret").asText()));

        Http.Resp regenerated = Http.postJson(url + "/" + ok.get("id").asText() + "/regenerate", userToken, Map.of());
        assertEquals(200, regenerated.status());
        assertEquals(200, token(ok, regenerated.json().get("secret").asText()));
        assertEquals(204, Http.delete(url + "/" + ok.get("id").asText(), userToken).status());
        assertEquals(401, token(ok, regenerated.json().get("secret").asText()));

        List<Sample> after = scrape();
        assertEquals(4, delta(before, after, "app_credentials_tokens_issued_total"), "issued");
        assertEquals(2, refused(before, after, "invalid"), "wrong secrets");
        assertEquals(1, refused(before, after, "disabled"));
        assertEquals(1, refused(before, after, "expired"));
        assertEquals(1, refused(before, after, "revoked"));
        assertEquals(0, refused(before, after, "owner"));
        assertEquals(0, refused(before, after, "suspended"));
        assertEquals(1, refused(before, after, "network"));
        assertEquals(1, refused(before, after, "dpop"));
        assertEquals(5, delta(before, after, "app_credentials_created_total"));
        assertEquals(1, delta(before, after, "app_credentials_regenerated_total"));
        assertEquals(1, delta(before, after, "app_credentials_revoked_total"));
        // every reason is published for the realm
        for (String reason : new String[] { "expired", "disabled", "suspended", "revoked", "owner", "network", "dpop", "invalid" }) {
            assertTrue(present(after, "app_credentials_tokens_refused_total", Map.of("realm", "demo", "reason", reason)), reason);
        }
        assertTrue(present(after, "app_credentials_mails_sent_total", Map.of("realm", "demo", "type", "reminder")));
        assertTrue(present(after, "app_credentials_mails_failed_total", Map.of("realm", "demo", "type", "reminder")));
    }

    /**
     * The refusals the test above cannot provoke with one owner: a disabled owner ({@code owner}) and a credential
     * suspended because its owner's second factor was removed ({@code suspended}); and a revocation by the policy
     * {@code onMfaRemoved=revoke}, which counts as revoked.
     */
    @Test
    void ownerAndSuspendedRefusalsAndPolicyRevocationsAreCounted() {
        Demo.TestUser disabledOwner = Demo.aliceLike(server);
        JsonNode ofDisabled = Demo.create(server, disabledOwner.token(server), Map.of("name", "metrics-owner-" + UUID.randomUUID()));
        Demo.TestUser losesFactor = Demo.aliceLike(server);
        JsonNode suspended = Demo.create(server, losesFactor.token(server), Map.of("name", "metrics-suspended-" + UUID.randomUUID()));
        Demo.TestUser revokedByPolicy = Demo.aliceLike(server);
        Demo.create(server, revokedByPolicy.token(server), Map.of("name", "metrics-policy-revoked-" + UUID.randomUUID()));
        List<Sample> before = scrape();

        Demo.updateUser(server, disabledOwner.id(), u -> u.put("enabled", false));
        assertEquals(401, token(ofDisabled, ofDisabled.get("secret").asText()));
        removeOtp(losesFactor.id());
        assertEquals(401, token(suspended, suspended.get("secret").asText()));
        JsonNode policy = Demo.setPolicy(server, Map.of("onMfaRemoved", "revoke"));
        try {
            removeOtp(revokedByPolicy.id());
        } finally {
            Demo.restorePolicy(server, policy);
        }

        List<Sample> after = scrape();
        assertEquals(1, refused(before, after, "owner"), "disabled owner");
        assertEquals(1, refused(before, after, "suspended"));
        assertEquals(0, refused(before, after, "invalid"));
        assertEquals(1, delta(before, after, "app_credentials_revoked_total"), "revoked by the policy onMfaRemoved=revoke");
        assertEquals(0, delta(before, after, "app_credentials_tokens_issued_total"));
    }

    private void removeOtp(String userId) {
        String admin = Demo.masterAdminToken(server);
        String base = server.baseUrl() + "/admin/realms/" + Demo.REALM + "/users/" + userId + "/credentials";
        for (JsonNode cred : Http.get(base, admin).json()) {
            if ("otp".equals(cred.get("type").asText())) {
                assertEquals(204, Http.delete(base + "/" + cred.get("id").asText(), admin).status());
            }
        }
    }

    /** Tokens issued from the previous secret of a rotation overlap (issue 28) are counted besides the issued ones. */
    @Test
    void tokensFromAPreviousSecretAreCounted() {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "metrics-overlap-" + UUID.randomUUID()));
        Http.Resp rotated = Http.postJson(Demo.credentialsUrl(server) + "/" + c.get("id").asText() + "/regenerate", user.token(server),
                Map.of("overlapSeconds", 3600));
        assertEquals(200, rotated.status(), rotated.toString());
        List<Sample> before = scrape();
        assertEquals(200, token(c, c.get("secret").asText()));
        assertEquals(200, token(c, c.get("secret").asText()));
        assertEquals(200, token(c, rotated.json().get("secret").asText()));
        List<Sample> after = scrape();
        assertEquals(2, delta(before, after, "app_credentials_tokens_previous_secret_total"), "the two from the previous secret");
        assertEquals(3, delta(before, after, "app_credentials_tokens_issued_total"), "all three are issued tokens");
    }

    @Test
    void noTagNamesACredentialAUserOrWhatAClientSent() {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "metrics-tags-" + UUID.randomUUID()));
        assertEquals(401, Demo.clientCredentialsBasic(server, c.get("id").asText() + "x", "acs_whatever").status());
        assertEquals(401, Demo.clientCredentialsBasic(server, "ac_unknowncredential0", "acs_whatever").status());
        assertEquals(200, token(c, c.get("secret").asText()));
        List<Sample> ours = scrape().stream().filter(x -> x.name().startsWith("app_credentials_")).toList();
        assertFalse(ours.isEmpty());
        for (Sample x : ours) {
            String text = x.toString();
            for (String v : x.labels().values()) {
                assertFalse(v.contains("ac_") || v.contains(user.username()) || v.contains("whatever"), text);
            }
            assertTrue(Set.of("realm", "reason", "type").containsAll(x.labels().keySet()), text);
            // fixed words of the extension (the mail type idle_warning has an underscore), never data
            assertTrue(x.labels().getOrDefault("reason", "x").matches("[a-z]+") && x.labels().getOrDefault("type", "x").matches("[a-z]+(_[a-z]+)?"), text);
        }
    }

    private void awaitExpired(JsonNode c, String userToken) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"expired".equals(Http.get(Demo.credentialsUrl(server) + "/" + c.get("id").asText(), userToken).json().get("state").asText())) {
            assertTrue(System.nanoTime() < deadline, "not expired within 30 s");
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
