package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.Kcadm;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * Restrictions beyond roles (issue 14): method + path access rules enforced at Keycloak's own APIs and carried to
 * resource servers as RFC 9396 authorization_details, source networks, and DPoP-bound tokens.
 */
@ExtendWith(TestServer.class)
class RestrictionsIT {

    private static final String USERS_ONLY = "/admin/realms/" + Demo.REALM + "/users/**";

    private final KeycloakServer server = TestServer.server();
    /** Administers users and clients, so that only the rules (not the roles) can stop a call below. */
    private final Demo.TestUser admin = user(List.of("view-users", "view-clients", "manage-users"));

    private Demo.TestUser user(List<String> adminRoles) {
        String username = Demo.newUserWithTotp(server, List.of("default-roles-demo", "writer"),
                Map.of("realm-management", adminRoles, "my-api", List.of("reader")));
        return new Demo.TestUser(username, Demo.userId(server, username));
    }

    private String realmAdmin(String path) {
        return server.baseUrl() + "/admin/realms/" + Demo.REALM + path;
    }

    private JsonNode create(Demo.TestUser owner, Map<String, Object> body) {
        return Demo.create(server, owner.token(server), body);
    }

    private Map<String, Object> adminCredential(String name, Object rules) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name + "-" + System.nanoTime());
        body.put("clientRoles", Map.of("realm-management", List.of("view-users", "view-clients", "manage-users")));
        if (rules != null) {
            body.put("accessRules", rules); // none: left out (a null list is a 400)
        }
        return body;
    }

    private static Map<String, String> rule(String method, String path) {
        return Map.of("method", method, "path", path);
    }

    private String tokenOf(JsonNode c) {
        Http.Resp r = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    // ------------------------------------------------------------------------------------------- access rules

    @Test
    void kcadmWithAUsersOnlyRuleListsUsersAndNothingElse() throws Exception {
        JsonNode c = create(admin, adminCredential("kcadm-users", List.of(rule("GET", USERS_ONLY))));
        assertEquals(USERS_ONLY, c.get("accessRules").get(0).get("path").asText());
        Path config = Files.createTempFile("kcadm-rules", ".config");
        Files.delete(config);
        String cfg = "--config=" + config;
        Kcadm.run(server, "config", "credentials", "--server", server.baseUrl(), "--realm", Demo.REALM,
                "--client", c.get("id").asText(), "--secret", c.get("secret").asText(), cfg).assertOk();

        String users = Kcadm.run(server, "get", "users", "-r", Demo.REALM, "--fields", "username", cfg).assertOk();
        assertTrue(users.contains(admin.username()), users);

        Kcadm.Result clients = Kcadm.run(server, "get", "clients", "-r", Demo.REALM, cfg);
        assertNotEquals(0, clients.exit());
        assertTrue(clients.output().contains("access_denied") && clients.output().contains("GET /admin/realms/" + Demo.REALM + "/clients"), clients.output());
        assertFalse(clients.output().contains("app-credentials"), "no client listed: " + clients.output());

        String newUser = "made-by-rule-" + System.nanoTime();
        Kcadm.Result createUser = Kcadm.run(server, "create", "users", "-r", Demo.REALM, "-s", "username=" + newUser, cfg);
        assertNotEquals(0, createUser.exit());
        assertTrue(createUser.output().contains("access_denied"), createUser.output());
        assertEquals(0, Http.get(realmAdmin("/users?exact=true&username=" + newUser), Demo.masterAdminToken(server)).json().size());

        // control: the same roles without rules reach the clients
        JsonNode open = create(admin, adminCredential("kcadm-open", null));
        assertEquals(200, Http.get(realmAdmin("/clients?max=1"), tokenOf(open)).status());
    }

    /**
     * Found by the second attack: a rule of many {@code **} segments made the matcher try every split of the request
     * path among them (exponential), so one API call with a few more segments held a request thread for hours.
     * Repeated {@code **} is now refused, and the worst rule left (alternating {@code **} and a literal) is matched
     * in polynomial time: these calls are answered (the test's HTTP client gives up after a minute).
     */
    @Test
    void aRuleBuiltForBacktrackingDoesNotHoldTheServer() {
        String alternating = "/**/a".repeat(60);
        JsonNode c = create(admin, Map.of("name", "backtracking-" + System.nanoTime(),
                "clientRoles", Map.of("account", List.of("view-profile")), "accessRules", List.of(rule("GET", alternating))));
        String token = tokenOf(c);
        for (String path : List.of("/a".repeat(40) + "/b", "/a".repeat(120) + "/b")) {
            Http.Resp refused = Http.request("GET", server.realmUrl(Demo.REALM) + "/account" + path,
                    Map.of("Authorization", "Bearer " + token, "Accept", "application/json"), null);
            assertEquals(403, refused.status(), refused.toString());
        }
    }

    @Test
    void pathsAreMatchedInPlainFormOnly() {
        String token = tokenOf(create(admin, adminCredential("tricks", List.of(rule("GET", USERS_ONLY)))));
        assertEquals(200, Http.get(realmAdmin("/users?max=1"), token).status(), "control");
        for (String tricky : List.of(
                realmAdmin("/users/../clients"),
                realmAdmin("/users/%2e%2e/clients"),
                realmAdmin("/users/%2E%2E/clients"),
                realmAdmin("/users%2f..%2fclients"),
                realmAdmin("/users/..;/clients"),
                realmAdmin("/users;x=1/../clients"),
                server.baseUrl() + "//admin/realms/" + Demo.REALM + "/clients",
                realmAdmin("/./clients"),
                realmAdmin("/Users/../clients"))) {
            Http.Resp r = Http.request("GET", tricky, Map.of("Authorization", "Bearer " + token), null);
            assertNotEquals(200, r.status(), tricky + " -> " + r);
            assertFalse(r.body().contains("\"clientId\""), tricky + " listed clients: " + r);
        }
    }

    @Test
    void theRulesTravelInTheTokenAndTheIntrospectionAnswer() {
        JsonNode c = create(admin, adminCredential("claims", List.of(rule("GET", USERS_ONLY), rule("*", "/api/v1/items/*"))));
        String token = tokenOf(c);
        JsonNode details = Http.claims(token).get("authorization_details");
        assertNotNull(details, Http.claims(token).toString());
        assertEquals(2, details.size());
        assertEquals("urn:app-credentials:access-rule", details.get(0).get("type").asText());
        assertEquals("[\"GET\"]", details.get(0).get("actions").toString());
        assertEquals(USERS_ONLY, details.get(0).get("path").asText());
        assertEquals("[\"*\"]", details.get(1).get("actions").toString());
        assertEquals("/api/v1/items/*", details.get(1).get("path").asText());

        // introspected by a resource server in the token's audience (my-api)
        JsonNode withApi = create(admin, Map.of("name", "claims-api-" + System.nanoTime(), "clientRoles", Map.of("my-api", List.of("reader")),
                "accessRules", List.of(rule("GET", "/items/**"))));
        JsonNode active = Http.postForm(server.tokenEndpoint(Demo.REALM) + "/introspect", Http.form("token", tokenOf(withApi)),
                "my-api", "my-api-secret").json();
        assertTrue(active.get("active").asBoolean(), active.toString());
        assertEquals("/items/**", active.get("authorization_details").get(0).get("path").asText(), active.toString());

        // no rules: no claim
        assertNull(Http.claims(tokenOf(create(admin, Map.of("name", "plain-" + System.nanoTime())))).get("authorization_details"));
    }

    @Test
    void everyMalformedRuleIsA400NamingTheRule() {
        String token = admin.token(server);
        int before = countOwn(token);
        Map<Object, String> cases = new LinkedHashMap<>();
        cases.put(List.of(rule("TRACE", "/x")), "accessRules[0].method");
        cases.put(List.of(rule("get", "/x")), "accessRules[0].method");
        cases.put(List.of(rule("GET", "/ok"), rule("GET", "relative")), "accessRules[1].path");
        cases.put(List.of(rule("GET", "/a**/b")), "accessRules[0].path");
        cases.put(List.of(rule("GET", "/a/b*")), "accessRules[0].path");
        cases.put(List.of(rule("GET", "/a//b")), "accessRules[0].path");
        cases.put(List.of(rule("GET", "/a/../b")), "accessRules[0].path");
        cases.put(List.of(rule("GET", "/" + "p".repeat(512))), "accessRules[0].path");
        cases.put(List.of(rule("GET", "/**/**/x")), "accessRules[0].path");
        cases.put(List.of(rule("GET", "/x/\u202Eevil")), "accessRules[0].path");
        cases.put(List.of(rule("GET", "/x/\uD800")), "accessRules[0].path");
        cases.put(Collections.nCopies(51, rule("GET", "/x")), "accessRules");
        cases.put(List.of(Map.of("method", "GET")), "accessRules[0].path");
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        cases.put(withNull, "accessRules[0]");
        for (Map.Entry<Object, String> e : cases.entrySet()) {
            Http.Resp r = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "bad-rule", "accessRules", e.getKey()));
            assertEquals(400, r.status(), e.getKey() + " -> " + r);
            assertEquals(e.getValue(), r.json().get("field").asText(), e.getKey() + " -> " + r);
        }
        Http.Resp unknown = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "bad-rule", "accessRules", List.of(Map.of("method", "GET", "path", "/x", "service", "y"))));
        assertEquals(400, unknown.status(), unknown.toString());
        assertEquals(before, countOwn(token), "nothing created");
    }

    private int countOwn(String token) {
        return Http.get(Demo.credentialsUrl(server), token).json().size();
    }

    // ------------------------------------------------------------------------------------------- networks

    @Test
    void sourceNetworksAreCheckedOnTheTokenPath() {
        JsonNode loopback = create(admin, Map.of("name", "loopback-" + System.nanoTime(), "allowedCidrs", List.of("127.0.0.0/8", "::1/128")));
        assertEquals("[\"127.0.0.0/8\",\"0:0:0:0:0:0:0:1/128\"]", loopback.get("allowedCidrs").toString());
        assertEquals(200, Demo.clientCredentialsBasic(server, loopback.get("id").asText(), loopback.get("secret").asText()).status());

        JsonNode elsewhere = create(admin, Map.of("name", "elsewhere-" + System.nanoTime(), "allowedCidrs", List.of("10.0.0.0/8", "2001:db8::/32")));
        Http.Resp refused = Demo.clientCredentialsBasic(server, elsewhere.get("id").asText(), elsewhere.get("secret").asText());
        assertEquals(401, refused.status(), refused.toString());
        assertEquals("invalid_client", refused.json().get("error").asText());
        assertTrue(refused.json().get("error_description").asText().contains("address"), refused.toString());
        // with a wrong secret nothing is said about the address
        Http.Resp wrong = Demo.clientCredentialsBasic(server, elsewhere.get("id").asText(), "acs_" + "Z".repeat(49));
        assertEquals(401, wrong.status());
        assertFalse(wrong.body().contains("address"), wrong.toString());

        for (String bad : List.of("10.0.0.0/33", "example.com", "999.1.1.1", "10.0.0/8", "")) {
            Http.Resp r = Http.postJson(Demo.credentialsUrl(server), admin.token(server), Map.of("name", "bad-net", "allowedCidrs", List.of("10.0.0.0/8", bad)));
            assertEquals(400, r.status(), bad + " -> " + r);
            assertEquals("allowedCidrs[1]", r.json().get("field").asText());
        }
    }

    // ------------------------------------------------------------------------------------------- DPoP

    @Test
    void aDpopCredentialNeedsAProofAndItsTokensAreBoundToTheKey() throws Exception {
        JsonNode c = create(admin, Map.of("name", "dpop-" + System.nanoTime(), "requireDpop", true));
        assertTrue(c.get("requireDpop").asBoolean());
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        URI tokenEndpoint = URI.create(server.tokenEndpoint(Demo.REALM));

        Http.Resp noProof = Demo.clientCredentialsBasic(server, id, secret);
        assertEquals(400, noProof.status(), noProof.toString());
        assertEquals("DPoP proof is missing", noProof.json().get("error_description").asText(), noProof.toString());
        assertFalse(noProof.body().contains("access_token"));

        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        Http.Resp bound = Http.request("POST", tokenEndpoint.toString(), Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "Authorization", basic(id, secret),
                "DPoP", proofs.createDPoPJWT("POST", tokenEndpoint).serialize()), "grant_type=client_credentials");
        assertEquals(200, bound.status(), bound.toString());
        assertEquals("DPoP", bound.json().get("token_type").asText());
        String token = bound.json().get("access_token").asText();
        assertEquals(key.computeThumbprint().toString(), Http.claims(token).get("cnf").get("jkt").asText());

        URI userinfo = URI.create(server.realmUrl(Demo.REALM) + "/protocol/openid-connect/userinfo");
        Http.Resp withProof = Http.request("GET", userinfo.toString(), Map.of("Authorization", "DPoP " + token,
                "DPoP", proofs.createDPoPJWT("GET", userinfo, new DPoPAccessToken(token)).serialize()), null);
        assertEquals(200, withProof.status(), withProof.toString());
        assertEquals(401, Http.get(userinfo.toString(), token).status(), "a bound token used as a plain Bearer token");

        // fixed at creation: a new secret keeps the requirement
        Http.Resp regenerated = Http.postJson(Demo.credentialsUrl(server) + "/" + id + "/regenerate", admin.token(server), Map.of());
        assertTrue(regenerated.json().get("requireDpop").asBoolean());
        assertEquals(400, Demo.clientCredentialsBasic(server, id, regenerated.json().get("secret").asText()).status());
        assertEquals(400, Http.patchJson(Demo.credentialsUrl(server) + "/" + id, admin.token(server), Map.of("requireDpop", false)).status());
    }

    @Test
    void dpopWorksForAnyCredentialThatSendsAProof() throws Exception {
        JsonNode c = create(admin, Map.of("name", "dpop-optional-" + System.nanoTime()));
        assertFalse(c.get("requireDpop").asBoolean());
        URI tokenEndpoint = URI.create(server.tokenEndpoint(Demo.REALM));
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        Http.Resp bound = Http.request("POST", tokenEndpoint.toString(), Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "Authorization", basic(c.get("id").asText(), c.get("secret").asText()),
                "DPoP", new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256).createDPoPJWT("POST", tokenEndpoint).serialize()), "grant_type=client_credentials");
        assertEquals(200, bound.status(), bound.toString());
        assertEquals("DPoP", bound.json().get("token_type").asText());
        assertEquals(200, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status(), "and without a proof: a Bearer token");
    }

    @Test
    void theRealmCanRequireDpopForEveryNewCredential() {
        JsonNode before = Demo.setPolicy(server, Map.of("requireDpop", true));
        try {
            JsonNode c = create(admin, Map.of("name", "forced-dpop-" + System.nanoTime()));
            assertTrue(c.get("requireDpop").asBoolean());
            Http.Resp refused = Http.postJson(Demo.credentialsUrl(server), admin.token(server), Map.of("name", "no-dpop", "requireDpop", false));
            assertEquals(400, refused.status());
            assertEquals("requireDpop", refused.json().get("field").asText());
            assertTrue(Http.get(Demo.credentialsUrl(server) + "/options", admin.token(server)).json().get("restrictions").get("requireDpop").asBoolean());
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    @Test
    void restrictionsAreShownEverywhereAndKeptByRenewAndRegenerate() {
        JsonNode c = create(admin, Map.of("name", "shown-" + System.nanoTime(), "accessRules", List.of(rule("GET", "/x/**")),
                "allowedCidrs", List.of("127.0.0.1")));
        String url = Demo.credentialsUrl(server) + "/" + c.get("id").asText();
        assertEquals(200, Http.postJson(url + "/renew", admin.token(server), Map.of()).status());
        assertEquals(200, Http.postJson(url + "/regenerate", admin.token(server), Map.of()).status());
        for (JsonNode shown : List.of(Http.get(url, admin.token(server)).json(),
                Http.get(realmAdmin("/app-credentials/" + c.get("id").asText()), Demo.masterAdminToken(server)).json())) {
            assertEquals("/x/**", shown.get("accessRules").get(0).get("path").asText(), shown.toString());
            assertEquals("[\"127.0.0.1/32\"]", shown.get("allowedCidrs").toString());
            assertFalse(shown.get("requireDpop").asBoolean());
        }
        boolean listed = false;
        for (JsonNode n : Http.get(Demo.credentialsUrl(server), admin.token(server)).json()) {
            listed |= n.get("id").asText().equals(c.get("id").asText()) && n.get("accessRules").size() == 1;
        }
        assertTrue(listed);
        JsonNode limits = Http.get(Demo.credentialsUrl(server) + "/options", admin.token(server)).json().get("restrictions");
        assertEquals(50, limits.get("maxAccessRules").asInt());
        assertEquals(20, limits.get("maxAllowedCidrs").asInt());
        assertEquals(400, Http.patchJson(url, admin.token(server), Map.of("accessRules", List.of())).status(), "fixed at creation");
    }

    private static String basic(String id, String secret) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
