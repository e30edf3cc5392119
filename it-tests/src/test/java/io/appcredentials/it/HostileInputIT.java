package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * Generated hostile input (issue 12): well over 500 requests from a fixed seed across every endpoint of the
 * extension (bodies, query parameters, path segments) and the token endpoint's forms. Nothing may answer 5xx, the
 * server log may not show an uncaught error, and the owner's list must still parse afterwards.
 */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class HostileInputIT {

    private static final long SEED = 20261129L;
    private static final String[] FIELDS = { "name", "description", "expiresAt", "clientId", "realmRoles", "clientRoles", "scopes",
            "state", "enabled", "requireMfa", "mfaMaxAgeSeconds", "defaultLifetimeDays", "maxLifetimeDays", "maxPerUser",
            "onMfaRemoved", "allowedClients", "accessTokenLifespanSeconds", "retentionDays", "secret", "owner", "id", "__proto__" };

    private final KeycloakServer server = TestServer.server();
    private final Random random = new Random(SEED);

    /** A value of any JSON shape, often hostile. */
    private Object value(int depth) {
        switch (random.nextInt(depth > 2 ? 9 : 12)) {
            case 0: return null;
            case 1: return random.nextBoolean();
            case 2: return random.nextLong();
            case 3: return random.nextDouble() * 1e300;
            case 4: return hostileString();
            case 5: return "2027-0" + (1 + random.nextInt(9)) + "-" + (10 + random.nextInt(25));
            case 6: return random.nextBoolean() ? "+999999999-12-31T23:59:59Z" : "-999999999-01-01T00:00:00Z";
            case 7: return List.of("reader", "writer", "nope").get(random.nextInt(3));
            case 8: return random.nextInt(5) - 2;
            case 9: {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(random.nextInt(10) == 0 ? 300 : 4);
                for (int i = 0; i < n; i++) {
                    list.add(value(depth + 1));
                }
                return list;
            }
            case 10: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    map.put(random.nextBoolean() ? List.of("my-api", "realm-management", "account", "").get(random.nextInt(4)) : hostileString(), value(depth + 1));
                }
                return map;
            }
            default: return "x".repeat(random.nextInt(5000));
        }
    }

    private String hostileString() {
        String[] pieces = { "a", "é", "🚀", "\u0000", "\u001b[31m", "\n", "\r", "\t", "\u202e", "\u200b", "\ufeff", "\ud800", "\udc00",
                "\"", "\\", "'", "<script>", "%00", "%2e%2e/", "../", "${jndi:x}", "acs_", "ac_", " ", "\u2028", "\uffff", "漢" };
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(random.nextInt(8) == 0 ? 400 : 12);
        for (int i = 0; i < n; i++) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        return sb.toString();
    }

    /** A request body: mostly an object of known and unknown fields with hostile values, sometimes not JSON at all. */
    private String body() {
        switch (random.nextInt(10)) {
            case 0: return List.of("null", "[]", "\"str\"", "42", "true", "{", "}", "{\"name\":", "{\"name\":\"a\",\"name\":\"b\"}",
                    "{\"name\":\"a\"} trailing", "", " ", "{\"a\":" + "[".repeat(2000) + "}").get(random.nextInt(13));
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = 1 + random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    map.put(FIELDS[random.nextInt(FIELDS.length)], value(0));
                }
                if (random.nextInt(3) == 0) {
                    map.put("name", hostileString());
                }
                return Http.toJson(map);
            }
        }
    }

    private String pathSegment(List<String> realIds) {
        switch (random.nextInt(6)) {
            case 0: return realIds.isEmpty() ? "ac_x" : realIds.get(random.nextInt(realIds.size()));
            case 1: return "ac_" + "0123456789abcdefghjkmnpqrstvwxyz".charAt(random.nextInt(32)) + "x".repeat(random.nextInt(40));
            case 2: return URLEncoder.encode(hostileString(), StandardCharsets.UTF_8);
            case 3: return "%2e%2e";
            case 4: return "x".repeat(1 + random.nextInt(3000));
            default: return URLEncoder.encode(String.valueOf(random.nextLong()), StandardCharsets.UTF_8);
        }
    }

    private String query() {
        String[] names = { "user", "clientId", "state", "first", "max" };
        StringBuilder sb = new StringBuilder("?");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            Object v = value(2);
            sb.append(names[random.nextInt(names.length)]).append('=')
                    .append(URLEncoder.encode(String.valueOf(v instanceof List || v instanceof Map ? Http.toJson(v) : v), StandardCharsets.UTF_8)).append('&');
        }
        return sb.toString();
    }

    private Map<String, String> tokenForm(String realId, String realSecret) {
        Map<String, String> form = new LinkedHashMap<>();
        String[] grants = { "client_credentials", "password", "refresh_token", "authorization_code",
                "urn:ietf:params:oauth:grant-type:token-exchange", "urn:ietf:params:oauth:grant-type:uma-ticket",
                "urn:ietf:params:oauth:grant-type:device_code", "urn:openid:params:grant-type:ciba", hostileString() };
        form.put("grant_type", grants[random.nextInt(grants.length)]);
        if (random.nextBoolean()) {
            form.put("client_id", random.nextBoolean() ? realId : String.valueOf(value(2)));
        }
        if (random.nextBoolean()) {
            form.put("client_secret", random.nextBoolean() ? realSecret : "acs_" + hostileString());
        }
        if (random.nextBoolean()) {
            form.put("scope", random.nextBoolean() ? "openid profile " + hostileString() : String.valueOf(value(2)));
        }
        for (String extra : new String[] { "subject_token", "actor_token", "refresh_token", "code", "username", "password", "audience" }) {
            if (random.nextInt(5) == 0) {
                form.put(extra, hostileString());
            }
        }
        return form;
    }

    /** The malformed bodies that once caused 500s, sent to every endpoint that takes a body: each must be a 4xx. */
    @Test
    void knownBadBodiesAreA4xxEverywhere() {
        Demo.TestUser owner = Demo.aliceLike(server);
        String userToken = owner.token(server);
        String admin = Demo.masterAdminToken(server);
        JsonNode policy = Http.get(Demo.policyUrl(server), admin).json();
        JsonNode real = Demo.create(server, userToken, Map.of("name", "matrix-target"));
        String id = real.get("id").asText();
        String user = Demo.credentialsUrl(server);
        String adminUrl = Demo.adminCredentialsUrl(server);
        // malformed for every endpoint that takes a body
        List<String> everywhere = List.of("null", "[]", "42", "\"text\"", "true", "{\"name\":123}", "{\"name\":\"a\\u0000b\"}",
                "{\"name\":\"\\ud800\"}", "{\"name\":[\"x\"]}", "{\"maxPerUser\":1e40,\"name\":7}");
        // out of range where an expiry or scopes are taken (create, admin create, renew)
        List<String> expiries = List.of("{\"name\":\"m\",\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}",
                "{\"name\":\"m\",\"expiresAt\":\"-999999999-01-01T00:00:00Z\"}",
                "{\"name\":\"m\",\"scopes\":" + Http.toJson(java.util.Collections.nCopies(60, "s".repeat(40))) + "}");
        try {
            for (String body : everywhere) {
                for (Http.Resp r : List.of(
                        Http.postJson(user, userToken, body),
                        Http.patchJson(user + "/" + id, userToken, body),
                        Http.postJson(user + "/" + id + "/renew", userToken, body),
                        Http.patchJson(adminUrl + "/" + id, admin, body),
                        Http.putJson(adminUrl + "/" + id, admin, body),
                        Http.postJson(adminUrl + "/users/" + owner.id(), admin, body),
                        Http.putJson(Demo.policyUrl(server), admin, body))) {
                    assertEquals(400, r.status(), body + " -> " + r);
                    assertFalse(r.json().path("errorMessage").asText().isBlank(), body + " -> " + r);
                    if (body.startsWith("{")) {
                        // an object with a bad member: the answer names the member
                        assertFalse(r.json().path("field").asText().isBlank(), "no field named: " + body + " -> " + r);
                    }
                }
            }
            for (String body : expiries) {
                for (Http.Resp r : List.of(
                        Http.postJson(user, userToken, body),
                        Http.postJson(user + "/" + id + "/renew", userToken, body.replace("\"name\":\"m\",", "")),
                        Http.postJson(adminUrl + "/users/" + owner.id(), admin, body))) {
                    assertEquals(400, r.status(), body + " -> " + r);
                }
            }
            assertEquals(400, Http.putJson(Demo.policyUrl(server), admin, "{\"allowedClients\":[null]}").status());
        } finally {
            Demo.restorePolicy(server, policy);
        }
        assertEquals("matrix-target", Http.get(user + "/" + id, userToken).json().get("name").asText(), "nothing written");
        assertEquals(1, Http.get(user, userToken).json().size(), "nothing created");
        assertFalse(server.logText().contains("Uncaught server error"), "uncaught server error in the log");
    }

    /**
     * {@code null} where a list or an object belongs, or inside one, is a 400 naming the member, in every request body of
     * the user and admin APIs (issue 22, point 5): once, {@code {"clientRoles": {"my-api": null}}} made a credential
     * without client roles.
     */
    @Test
    void nullWhereAListOrAnObjectBelongsIsA400NamingTheMember() {
        Demo.TestUser owner = Demo.aliceLike(server);
        String userToken = owner.token(server);
        String admin = Demo.masterAdminToken(server);
        String user = Demo.credentialsUrl(server);
        String adminUrl = Demo.adminCredentialsUrl(server);
        JsonNode policy = Http.get(Demo.policyUrl(server), admin).json();
        JsonNode real = Demo.create(server, userToken, Map.of("name", "null-target"));
        String id = real.get("id").asText();
        Map<String, String> createBodies = new LinkedHashMap<>();
        createBodies.put("{\"name\":\"n\",\"clientRoles\":{\"my-api\":null}}", "clientRoles.my-api");
        createBodies.put("{\"name\":\"n\",\"clientRoles\":{\"my-api\":[\"reader\",null]}}", "clientRoles.my-api[1]");
        createBodies.put("{\"name\":\"n\",\"clientRoles\":null}", "clientRoles");
        createBodies.put("{\"name\":\"n\",\"realmRoles\":[null]}", "realmRoles[0]");
        createBodies.put("{\"name\":\"n\",\"realmRoles\":null}", "realmRoles");
        createBodies.put("{\"name\":\"n\",\"scopes\":[null]}", "scopes[0]");
        createBodies.put("{\"name\":\"n\",\"accessRules\":[null]}", "accessRules[0]");
        createBodies.put("{\"name\":\"n\",\"accessRules\":[{\"method\":\"GET\",\"path\":null}]}", "accessRules[0].path");
        createBodies.put("{\"name\":\"n\",\"accessRules\":null}", "accessRules");
        createBodies.put("{\"name\":\"n\",\"allowedCidrs\":[null]}", "allowedCidrs[0]");
        Map<String, String> policyBodies = new LinkedHashMap<>();
        policyBodies.put("{\"allowedClients\":[null]}", "allowedClients[0]");
        policyBodies.put("{\"allowedClients\":null}", "allowedClients");
        policyBodies.put("{\"expiryReminderDays\":[7,null]}", "expiryReminderDays[1]");
        policyBodies.put("{\"trustedIdpMfa\":{\"corp\":null}}", "trustedIdpMfa.corp");
        policyBodies.put("{\"trustedIdpMfa\":{\"corp\":{\"amr\":[null]}}}", "trustedIdpMfa.corp.amr[0]");
        policyBodies.put("{\"trustedIdpMfa\":null}", "trustedIdpMfa");
        try {
            createBodies.forEach((body, field) -> {
                for (Http.Resp r : List.of(Http.postJson(user, userToken, body), Http.postJson(adminUrl + "/users/" + owner.id(), admin, body))) {
                    assertEquals(400, r.status(), body + " -> " + r);
                    assertEquals(field, r.json().path("field").asText(), body + " -> " + r);
                    assertTrue(r.json().path("errorMessage").asText().contains("must not be null"), body + " -> " + r);
                }
            });
            policyBodies.forEach((body, field) -> {
                Http.Resp r = Http.putJson(Demo.policyUrl(server), admin, body);
                assertEquals(400, r.status(), body + " -> " + r);
                assertEquals(field, r.json().path("field").asText(), body + " -> " + r);
            });
            // update and renew take single values only: null there means "unchanged" / "the default", as documented
            assertEquals(200, Http.patchJson(user + "/" + id, userToken, "{\"description\":null}").status());
            // and a whole representation sent back to the admin API (kcadm update) with a null list is refused too
            Http.Resp put = Http.putJson(adminUrl + "/" + id, admin, "{\"name\":\"null-target\",\"realmRoles\":[null]}");
            assertEquals(400, put.status(), put.toString());
            assertEquals("realmRoles[0]", put.json().path("field").asText());
        } finally {
            Demo.restorePolicy(server, policy);
        }
        assertEquals(1, Http.get(user, userToken).json().size(), "nothing created");
        assertEquals(Http.get(Demo.policyUrl(server), admin).json(), policy, "the policy unchanged");
        assertFalse(server.logText().contains("Uncaught server error"), "uncaught server error in the log");
    }

    @Test
    void generatedHostileInputNeverCausesAServerError() {
        Demo.TestUser owner = Demo.aliceLike(server);
        // refreshed every 100 rounds, so that the second-factor proof (and the token) stay fresh for the whole run
        String[] userToken = { owner.token(server) };
        String admin = Demo.masterAdminToken(server);
        JsonNode policy = Http.get(Demo.policyUrl(server), admin).json();
        List<String> ids = new ArrayList<>();
        JsonNode real = Demo.create(server, userToken[0], Map.of("name", "fuzz-target"));
        ids.add(real.get("id").asText());
        String realSecret = real.get("secret").asText();

        String user = Demo.credentialsUrl(server);
        String adminUrl = Demo.adminCredentialsUrl(server);
        List<String> failures = new ArrayList<>();
        int requests = 0;
        // endpoint class (round % 16) -> status -> count: shows that the generated requests reach each class's code
        Map<Integer, Map<Integer, Integer>> histogram = new java.util.TreeMap<>();
        try {
            for (int round = 0; round < 640; round++) {
                String id = pathSegment(ids);
                Supplier<Http.Resp> call = switch (round % 16) {
                    case 0 -> () -> Http.postJson(user, userToken[0], body());
                    case 1 -> () -> Http.patchJson(user + "/" + id, userToken[0], body());
                    case 2 -> () -> Http.postJson(user + "/" + id + "/renew", userToken[0], body());
                    case 3 -> () -> Http.postJson(user + "/" + id + "/regenerate", userToken[0], body());
                    case 4 -> () -> Http.get(user + "/" + id, userToken[0]);
                    case 5 -> () -> Http.delete(user + "/" + pathSegment(List.of()), userToken[0]);
                    case 6 -> () -> Http.get(user + "/options" + query(), userToken[0]);
                    case 7 -> () -> Http.get(adminUrl + query(), admin);
                    case 8 -> () -> Http.patchJson(adminUrl + "/" + id, admin, body());
                    case 9 -> () -> Http.putJson(adminUrl + "/" + id, admin, body());
                    case 10 -> () -> Http.postJson(adminUrl + "/users/" + (random.nextBoolean() ? owner.id() : pathSegment(List.of())), admin, body());
                    case 11 -> () -> Http.delete(adminUrl + "/users/" + pathSegment(List.of()), admin);
                    case 12 -> () -> Http.putJson(Demo.policyUrl(server), admin, body());
                    case 13 -> () -> Http.postForm(server.tokenEndpoint(Demo.REALM), tokenForm(ids.get(0), realSecret), null, null);
                    case 14 -> () -> random.nextBoolean()
                            ? Http.postForm(server.tokenEndpoint(Demo.REALM), tokenForm(ids.get(0), realSecret), ids.get(0), hostileString())
                            : Http.postForm(server.tokenEndpoint(Demo.REALM), tokenForm(ids.get(0), realSecret), "acs_" + hostileString(), ids.get(0));
                    default -> () -> Http.get(adminUrl + "/" + id, admin);
                };
                Http.Resp r;
                try {
                    r = call.get();
                } catch (IllegalArgumentException badUri) {
                    continue; // the client library refuses to send it at all
                }
                requests++;
                histogram.computeIfAbsent(round % 16, k -> new java.util.TreeMap<>()).merge(r.status(), 1, Integer::sum);
                if (round % 16 == 12 && r.status() < 300) {
                    // a random valid policy may switch the realm off (or require what the owner lacks): put it back
                    Demo.restorePolicy(server, policy);
                }
                if (r.status() >= 500) {
                    failures.add("round " + round + ": " + r.status() + " " + r.body().substring(0, Math.min(300, r.body().length())));
                }
                if (r.status() == 201 && r.json().has("id")) {
                    ids.add(r.json().get("id").asText());
                }
                if (round % 100 == 99) {
                    // keep the MFA proof fresh and the limit from filling up
                    for (String created : ids.subList(1, ids.size())) {
                        Http.delete(adminUrl + "/" + created, admin);
                    }
                    // the control: the token the window used still reaches the end of the create path (generated
                    // bodies stop at validation, which comes before the second-factor gate)
                    Http.Resp control = Http.postJson(user, userToken[0], Map.of("name", "fuzz-control-" + round));
                    assertEquals(201, control.status(), "round " + round + ": the create path is no longer reached: " + control.status());
                    Http.delete(adminUrl + "/" + control.json().get("id").asText(), admin);
                    userToken[0] = owner.token(server);
                }
            }
        } finally {
            Demo.restorePolicy(server, policy);
        }
        assertTrue(requests >= 500, "requests sent: " + requests);
        System.out.println("HostileInputIT status histogram (endpoint class -> status -> count): " + histogram);
        for (int c = 0; c < 16; c++) {
            Map<Integer, Integer> statuses = histogram.getOrDefault(c, Map.of());
            assertTrue(statuses.keySet().stream().anyMatch(st -> st != 401 && st != 403),
                    "endpoint class " + c + " never got past authentication: " + statuses);
        }
        Map<Integer, Integer> creates = histogram.getOrDefault(0, Map.of());
        assertFalse(creates.containsKey(401), "creates stopped by a stale second-factor proof: " + creates);
        assertTrue(failures.isEmpty(), failures.size() + " server errors:\n" + String.join("\n", failures));
        assertFalse(server.logText().contains("Uncaught server error"), "uncaught server error in the log");
        Http.Resp list = Http.get(user, owner.token(server));
        assertEquals(200, list.status(), list.toString());
        assertTrue(list.json().isArray(), "the owner's list still parses");
    }
}
