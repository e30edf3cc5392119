package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.BrowserSession;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * Weaknesses found by the second attack round (restrictions beyond roles, upstream second factor). Each test fails
 * on the code as it stands and passes once the weakness is fixed.
 */
@ExtendWith(TestServer.class)
class Attack2IT {

    private static final String CLI_REDIRECT = "http://localhost/cb";
    private static KeycloakServer server;
    private static String up;
    private static String down;

    private static String admin() {
        return Demo.masterAdminToken(server);
    }

    private static String adminUrl(String realm, String path) {
        return server.baseUrl() + "/admin/realms/" + realm + path;
    }

    // ------------------------------------------------------------------ access rules: exponential matching

    /**
     * A user may store a rule such as {@code GET /**}{@code /**}{@code /…/x} (up to 512 characters, so ~170
     * {@code **} segments). {@code AccessRule.match} backtracks over every way of splitting the request path among
     * the {@code **} segments, with no memoisation: C(stars + segments, segments) calls. Every request of the
     * credential's token to the account or admin API runs it on a request thread, so one request with a few more
     * path segments pins a CPU core for hours (11 segments and 40 stars did not finish in 5 minutes).
     * Authenticated denial of service by any user allowed to create credentials.
     */
    @Test
    void accessRuleMatchingTakesPolynomialTime() {
        Demo.TestUser user = Demo.aliceLike(server);
        String evilPath = "/" + String.join("/", Collections.nCopies(36, "**")) + "/x";
        JsonNode created = Demo.create(server, user.token(server), Map.of("name", "stars",
                "clientRoles", Map.of("account", List.of("view-profile")),
                "accessRules", List.of(Map.of("method", "GET", "path", evilPath))));
        Http.Resp issued = Demo.clientCredentialsBasic(server, created.get("id").asText(), created.get("secret").asText());
        assertEquals(200, issued.status(), issued.toString());
        String token = issued.json().get("access_token").asText();

        // 8 segments: /realms/demo/account/a/a/a/a/a
        String url = server.realmUrl(Demo.REALM) + "/account/a/a/a/a/a";
        long start = System.nanoTime();
        Http.Resp refused = Http.request("GET", url, Map.of("Authorization", "Bearer " + token, "Accept", "application/json"), null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(millis < 3000, "one refused request took " + millis + " ms of server CPU matching one access rule");
    }

    // ------------------------------------------------------------------ upstream MFA: linking someone else's account

    @BeforeAll
    static void twoRealms() {
        server = TestServer.server();
        String suffix = Long.toString(System.nanoTime(), 36);
        up = "aup-" + suffix;
        down = "adown-" + suffix;
        String admin = admin();
        assertEquals(201, Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", up, "enabled", true,
                "otpPolicyType", "totp", "otpPolicyAlgorithm", "HmacSHA1", "otpPolicyDigits", 6, "otpPolicyPeriod", 30,
                "otpPolicyLookAheadWindow", 1, "otpPolicyInitialCounter", 0, "otpPolicyCodeReusable", true)).status());
        assertEquals(201, Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", down, "enabled", true)).status());

        // up: a browser flow that records amr (pwd, otp), and the broker's client with the amr mapper
        assertEquals(201, Http.postJson(adminUrl(up, "/authentication/flows/browser/copy"), admin, Map.of("newName", "browser-amr")).status());
        for (JsonNode execution : Http.get(adminUrl(up, "/authentication/flows/browser-amr/executions"), admin).json()) {
            String reference = switch (execution.path("providerId").asText()) {
                case "auth-username-password-form" -> "pwd";
                case "auth-otp-form" -> "otp";
                default -> null;
            };
            if (reference != null) {
                assertEquals(201, Http.postJson(adminUrl(up, "/authentication/executions/" + execution.get("id").asText() + "/config"), admin,
                        Map.of("alias", "amr-" + reference, "config", Map.of("default.reference.value", reference,
                                "default.reference.maxAge", "36000"))).status());
            }
        }
        ObjectNode upRealm = (ObjectNode) Http.get(adminUrl(up, ""), admin).json();
        upRealm.put("browserFlow", "browser-amr");
        assertEquals(204, Http.putJson(adminUrl(up, ""), admin, upRealm).status());
        assertEquals(201, Http.postJson(adminUrl(up, "/clients"), admin, Map.of(
                "clientId", "downstream", "secret", "downstream-secret", "publicClient", false, "standardFlowEnabled", true,
                "redirectUris", List.of(server.realmUrl(down) + "/broker/up/endpoint"),
                "protocolMappers", List.of(Map.of("name", "amr", "protocol", "openid-connect", "protocolMapper", "oidc-amr-mapper",
                        "config", Map.of("id.token.claim", "true", "access.token.claim", "true"))))).status());

        String upBase = server.realmUrl(up);
        assertEquals(201, Http.postJson(adminUrl(down, "/identity-provider/instances"), admin, Map.of("alias", "up",
                "providerId", "keycloak-oidc", "enabled", true, "trustEmail", true, "config", Map.ofEntries(
                        Map.entry("clientId", "downstream"), Map.entry("clientSecret", "downstream-secret"),
                        Map.entry("clientAuthMethod", "client_secret_post"),
                        Map.entry("authorizationUrl", upBase + "/protocol/openid-connect/auth"),
                        Map.entry("tokenUrl", upBase + "/protocol/openid-connect/token"),
                        Map.entry("jwksUrl", upBase + "/protocol/openid-connect/certs"), Map.entry("useJwksUrl", "true"),
                        Map.entry("validateSignature", "true"), Map.entry("issuer", upBase),
                        Map.entry("defaultScope", "openid"), Map.entry("syncMode", "IMPORT")))).status());
        assertEquals(201, Http.postJson(adminUrl(down, "/clients"), admin, Map.of("clientId", "cli", "publicClient", true,
                "standardFlowEnabled", true, "redirectUris", List.of(CLI_REDIRECT))).status());

        String policyUrl = adminUrl(down, "/app-credentials/policy");
        ObjectNode policy = (ObjectNode) Http.get(policyUrl, admin).json();
        policy.set("trustedIdpMfa", Http.JSON.valueToTree(Map.of("up", Map.of("amr", List.of("otp", "hwk")))));
        assertEquals(200, Http.putJson(policyUrl, admin, policy).status());
    }

    @AfterAll
    static void removeRealms() {
        if (server != null) {
            Http.delete(adminUrl(up, ""), admin());
            Http.delete(adminUrl(down, ""), admin());
        }
    }

    private static String user(String realm, boolean withOtp) {
        String username = "u-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> password = Map.of("type", "password", "value", "password", "temporary", false);
        Map<String, Object> otp = Map.of("type", "otp", "userLabel", "phone", "secretData", "{\"value\":\"" + Demo.TEST_TOTP + "\"}",
                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        Http.Resp r = Http.postJson(adminUrl(realm, "/users"), admin(), Map.of("username", username, "enabled", true,
                "email", username + "@example.com", "emailVerified", true, "firstName", "Some", "lastName", "User",
                "credentials", withOtp ? List.of(password, otp) : List.of(password)));
        assertEquals(201, r.status(), r.toString());
        return username;
    }

    /**
     * The victim is a local user of "down" with a password and no second factor: the policy requires one, so the
     * victim's password alone must not mint credentials (403 mfa_not_configured). An attacker who knows that password
     * signs in as the victim and, through Keycloak's account linking ({@code kc_action=idp_link:up}, allowed by the
     * default {@code manage-account} role), links <em>the attacker's own</em> account at the trusted provider to the
     * victim, doing the attacker's own second factor there. The broker then writes {@code identity_provider=up}
     * (the session had none) and the attacker's upstream ID token into the victim's existing session; the token's
     * {@code sub} is the link just made. {@code UpstreamMfa.evidence} accepts it, and the attacker creates a
     * credential for the victim ({@code "mfa": "idp:up:otp"}) without any second factor of the victim.
     */
    @Test
    void linkingTheAttackersUpstreamAccountIntoAPasswordOnlySessionIsNoSecondFactorOfTheVictim() {
        String victim = user(down, false);
        String attackerUpstream = user(up, true);
        BrowserSession browser = new BrowserSession(server);

        Http.Resp tokens = browser.signIn(down, "cli", CLI_REDIRECT, Map.of(),
                BrowserSession.passwordAndOtp(victim, "password", null));
        assertEquals(200, tokens.status(), tokens.toString());
        Http.Resp before = Http.postJson(server.realmUrl(down) + "/app-credentials", tokens.json().get("access_token").asText(),
                Map.of("name", "before"));
        assertEquals(403, before.status(), "the victim's password alone: " + before);

        Function<BrowserSession.Page, BrowserSession.Submit> upLogin = BrowserSession.passwordAndOtp(attackerUpstream, "password", Demo.TEST_TOTP);
        Http.Resp linked = browser.signIn(down, "cli", CLI_REDIRECT, Map.of("kc_action", "idp_link:up"), page ->
                page.template().equals("link-idp-action.ftl") ? new BrowserSession.Submit(null, Map.of("continue", "")) : upLogin.apply(page));
        assertEquals(200, linked.status(), linked.toString());
        String token = linked.json().get("access_token").asText();

        Http.Resp created = Http.postJson(server.realmUrl(down) + "/app-credentials", token, Map.of("name", "minted-by-attacker"));
        assertNotEquals(201, created.status(), "a credential for the victim vouched for by the attacker's own upstream factor: " + created);
    }
}
