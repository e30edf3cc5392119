package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.OpenApi;
import io.appcredentials.it.support.TestClock;
import io.appcredentials.it.support.TestServer;

/**
 * The published OpenAPI description (docs/api/openapi.yaml, which OpenApiDescriptionTest keeps equal to what the build
 * generates from the resources) is true of the running server: every described operation is called, its happy path and
 * its cheap refusals, and each answer's status, required headers and body are checked against the description by a JSON
 * Schema validator ({@link OpenApi}); the bodies sent on the happy paths are checked against the described request
 * bodies. And every JAX-RS resource method in the deployed provider jar is described, and nothing else is.
 */
@ExtendWith(TestServer.class)
class OpenApiIT {

    private static final String USER = "/realms/{realm}/app-credentials";
    private static final String ADMIN = "/admin/realms/{realm}/app-credentials";
    private static final String UNKNOWN_ID = "ac_doesnotexist000000000";

    private static OpenApi api;
    private final KeycloakServer server = TestServer.server();
    private final Set<String> succeeded = new TreeSet<>();

    @BeforeAll
    static void loadTheDescription() {
        api = OpenApi.load(description());
    }

    static Path description() {
        String configured = System.getProperty("openapi.description");
        return configured == null || configured.isBlank() ? Path.of("..", "docs", "api", "openapi.yaml") : Path.of(configured);
    }

    /** The answer, once it has the expected status and is what the description says of that status for the operation. */
    private Http.Resp check(int expected, String method, String template, Http.Resp r) {
        OpenApi.Operation op = api.operation(method, template);
        assertEquals(expected, r.status(), op + ": " + r);
        List<String> problems = api.problems(op, r);
        assertTrue(problems.isEmpty(), op + " answered " + r.status() + " otherwise than described: " + problems + "\n" + r);
        if (r.status() < 300) {
            succeeded.add(op.toString());
        }
        return r;
    }

    /** The body, once the operation's described request body accepts it. */
    private static Object described(String method, String template, Object body) {
        List<String> problems = api.requestProblems(api.operation(method, template), Http.toJson(body));
        assertTrue(problems.isEmpty(), method + " " + template + ": the description refuses a body the server takes: " + problems);
        return body;
    }

    private void assertEveryOperationUnderSucceeded(String prefix) {
        Set<String> described = api.operationNames().stream().filter(op -> op.split(" ", 2)[1].startsWith(prefix))
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(described.isEmpty(), "operations under " + prefix);
        described.removeAll(succeeded);
        assertEquals(Set.of(), described, "described operations under " + prefix + " never answered with success here");
    }

    @Test
    void theUserApiAnswersAsDescribed() {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        String bob = Demo.token(server, Demo.BOB, Demo.BOB_PASSWORD, null);
        String base = Demo.credentialsUrl(server);
        String name = "openapi-" + System.nanoTime();

        check(200, "GET", USER, Http.get(base, token));
        check(200, "GET", USER, Http.get(base + "?first=0&max=5", token));
        check(400, "GET", USER, Http.get(base + "?max=many", token));
        check(401, "GET", USER, Http.get(base, null));
        check(200, "GET", USER + "/options", Http.get(base + "/options", token));
        check(401, "GET", USER + "/options", Http.get(base + "/options", "not-a-token"));

        Map<String, Object> create = Map.of("name", name, "description", "described by the OpenAPI description",
                "realmRoles", List.of("writer"), "clientRoles", Map.of("my-api", List.of("reader")),
                "accessRules", List.of(Map.of("method", "GET", "path", "/admin/realms/demo/users/**")),
                "allowedCidrs", List.of("127.0.0.0/8"));
        JsonNode created = check(201, "POST", USER, Http.postJson(base, token, described("POST", USER, create))).json();
        String id = created.get("id").asText();
        String url = base + "/" + id;
        check(400, "POST", USER, Http.postJson(base, token, Map.of("name", "typo", "colour", "red")));
        check(409, "POST", USER, Http.postJson(base, token, Map.of("name", name)));
        check(403, "POST", USER, Http.postJson(base, bob, Map.of("name", "bob-has-no-second-factor")));
        check(401, "POST", USER, Http.postJson(base, null, Map.of("name", "no-token")));
        JsonNode other = check(201, "POST", USER, Http.postJson(base, token, described("POST", USER, Map.of("name", name + "-2")))).json();

        check(200, "GET", USER + "/{id}", Http.get(url, token));
        check(404, "GET", USER + "/{id}", Http.get(base + "/" + UNKNOWN_ID, token));
        check(404, "GET", USER + "/{id}", Http.get(url, bob));
        String credentialToken = Demo.clientCredentialsBasic(server, other.get("id").asText(), other.get("secret").asText())
                .json().get("access_token").asText();
        check(403, "GET", USER + "/{id}", Http.get(url, credentialToken));

        check(200, "PATCH", USER + "/{id}", Http.patchJson(url, token, described("PATCH", USER + "/{id}", Map.of("description", "changed"))));
        check(200, "PATCH", USER + "/{id}", Http.patchJson(url, token, described("PATCH", USER + "/{id}", Map.of("state", "disabled"))));
        check(200, "PATCH", USER + "/{id}", Http.patchJson(url, token, Map.of("state", "active")));
        check(400, "PATCH", USER + "/{id}", Http.patchJson(url, token, Map.of("state", "sleeping")));
        check(409, "PATCH", USER + "/{id}", Http.patchJson(url, token, Map.of("name", name + "-2")));
        check(404, "PATCH", USER + "/{id}", Http.patchJson(base + "/" + UNKNOWN_ID, token, Map.of("description", "x")));
        check(401, "PATCH", USER + "/{id}", Http.patchJson(url, null, Map.of("description", "x")));

        JsonNode regenerated = check(200, "POST", USER + "/{id}/regenerate", Http.postJson(url + "/regenerate", token, "")).json();
        assertFalse(regenerated.get("secret").asText().equals(created.get("secret").asText()), "a new secret");
        check(404, "POST", USER + "/{id}/regenerate", Http.postJson(base + "/" + UNKNOWN_ID + "/regenerate", token, ""));
        check(200, "POST", USER + "/{id}/regenerate", Http.postJson(url + "/regenerate", token,
                described("POST", USER + "/{id}/regenerate", Map.of("overlapSeconds", 3600))));
        check(400, "POST", USER + "/{id}/regenerate", Http.postJson(url + "/regenerate", token, Map.of("overlapSeconds", -1)));
        check(204, "DELETE", USER + "/{id}/previous-secret", Http.delete(url + "/previous-secret", token));
        check(204, "DELETE", USER + "/{id}/previous-secret", Http.delete(url + "/previous-secret", token));
        check(404, "DELETE", USER + "/{id}/previous-secret", Http.delete(base + "/" + UNKNOWN_ID + "/previous-secret", token));
        check(401, "DELETE", USER + "/{id}/previous-secret", Http.delete(url + "/previous-secret", null));

        check(200, "POST", USER + "/{id}/renew", Http.postJson(url + "/renew", token, ""));
        String later = Instant.now().plus(40, ChronoUnit.DAYS).toString();
        check(200, "POST", USER + "/{id}/renew", Http.postJson(url + "/renew", token, described("POST", USER + "/{id}/renew", Map.of("expiresAt", later))));
        check(400, "POST", USER + "/{id}/renew", Http.postJson(url + "/renew", token, Map.of("expiresAt", "next week")));
        check(404, "POST", USER + "/{id}/renew", Http.postJson(base + "/" + UNKNOWN_ID + "/renew", token, ""));

        String otherUrl = base + "/" + other.get("id").asText();
        check(204, "DELETE", USER + "/{id}", Http.delete(otherUrl, token));
        check(204, "DELETE", USER + "/{id}", Http.delete(otherUrl, token));
        check(404, "DELETE", USER + "/{id}", Http.delete(base + "/" + UNKNOWN_ID, token));
        check(401, "DELETE", USER + "/{id}", Http.delete(otherUrl, null));
        check(409, "POST", USER + "/{id}/regenerate", Http.postJson(otherUrl + "/regenerate", token, ""));
        check(409, "POST", USER + "/{id}/renew", Http.postJson(otherUrl + "/renew", token, ""));

        assertEveryOperationUnderSucceeded("/realms/");
    }

    @Test
    void theAdminApiAnswersAsDescribed() {
        Demo.TestUser user = Demo.aliceLike(server);
        String admin = Demo.masterAdminToken(server);
        String bob = Demo.token(server, Demo.BOB, Demo.BOB_PASSWORD, null);
        String base = Demo.adminCredentialsUrl(server);
        String forUser = base + "/users/" + user.id();
        String name = "openapi-admin-" + System.nanoTime();

        JsonNode created = check(201, "POST", ADMIN + "/users/{userId}", Http.postJson(forUser, admin,
                described("POST", ADMIN + "/users/{userId}", Map.of("name", name, "realmRoles", List.of("writer"))))).json();
        String id = created.get("id").asText();
        String url = base + "/" + id;
        check(400, "POST", ADMIN + "/users/{userId}", Http.postJson(forUser, admin, Map.of("name", "typo", "colour", "red")));
        check(409, "POST", ADMIN + "/users/{userId}", Http.postJson(forUser, admin, Map.of("name", name)));
        check(404, "POST", ADMIN + "/users/{userId}", Http.postJson(base + "/users/no-such-user", admin, Map.of("name", "x")));
        check(403, "POST", ADMIN + "/users/{userId}", Http.postJson(forUser, bob, Map.of("name", "x")));
        check(401, "POST", ADMIN + "/users/{userId}", Http.postJson(forUser, null, Map.of("name", "x")));

        check(200, "GET", ADMIN, Http.get(base + "?user=" + user.id(), admin));
        check(200, "GET", ADMIN, Http.get(base + "?clientId=app-credentials&state=active&first=0&max=10", admin));
        check(400, "GET", ADMIN, Http.get(base + "?state=sleeping", admin));
        check(403, "GET", ADMIN, Http.get(base, bob));
        check(401, "GET", ADMIN, Http.get(base, null));

        JsonNode read = check(200, "GET", ADMIN + "/{id}", Http.get(url, admin)).json();
        check(404, "GET", ADMIN + "/{id}", Http.get(base + "/" + UNKNOWN_ID, admin));
        check(403, "GET", ADMIN + "/{id}", Http.get(url, bob));

        check(200, "PATCH", ADMIN + "/{id}", Http.patchJson(url, admin, described("PATCH", ADMIN + "/{id}", Map.of("description", "by an admin"))));
        check(400, "PATCH", ADMIN + "/{id}", Http.patchJson(url, admin, Map.of("name", "")));
        check(404, "PATCH", ADMIN + "/{id}", Http.patchJson(base + "/" + UNKNOWN_ID, admin, Map.of("description", "x")));

        ObjectNode whole = read.deepCopy();
        whole.put("description", "through kcadm update");
        check(200, "PUT", ADMIN + "/{id}", Http.putJson(url, admin, described("PUT", ADMIN + "/{id}", whole)));
        check(404, "PUT", ADMIN + "/{id}", Http.putJson(base + "/" + UNKNOWN_ID, admin, whole));

        check(204, "DELETE", ADMIN + "/{id}/previous-secret", Http.delete(url + "/previous-secret", admin));
        check(404, "DELETE", ADMIN + "/{id}/previous-secret", Http.delete(base + "/" + UNKNOWN_ID + "/previous-secret", admin));
        check(403, "DELETE", ADMIN + "/{id}/previous-secret", Http.delete(url + "/previous-secret", bob));
        check(204, "DELETE", ADMIN + "/{id}", Http.delete(url, admin));
        check(404, "DELETE", ADMIN + "/{id}", Http.delete(base + "/" + UNKNOWN_ID, admin));
        check(403, "DELETE", ADMIN + "/{id}", Http.delete(url, bob));

        Http.postJson(forUser, admin, Map.of("name", name + "-2"));
        JsonNode revoked = check(200, "DELETE", ADMIN + "/users/{userId}", Http.delete(forUser, admin)).json();
        assertEquals(1, revoked.get("revoked").asInt(), revoked.toString());
        check(404, "DELETE", ADMIN + "/users/{userId}", Http.delete(base + "/users/no-such-user", admin));

        JsonNode policy = check(200, "GET", ADMIN + "/policy", Http.get(base + "/policy", admin)).json();
        check(403, "GET", ADMIN + "/policy", Http.get(base + "/policy", bob));
        check(200, "PUT", ADMIN + "/policy", Http.putJson(base + "/policy", admin, described("PUT", ADMIN + "/policy", policy)));
        check(400, "PUT", ADMIN + "/policy", Http.putJson(base + "/policy", admin, Map.of("maxPerUser", -1)));
        check(400, "PUT", ADMIN + "/policy", Http.putJson(base + "/policy", admin, Map.of("maxPerUsers", 5)));
        check(403, "PUT", ADMIN + "/policy", Http.putJson(base + "/policy", bob, policy));
        assertEquals(policy, Http.get(base + "/policy", admin).json(), "the policy is as it was");

        check(200, "GET", ADMIN + "/default-application", Http.get(base + "/default-application", admin));
        check(403, "GET", ADMIN + "/default-application", Http.get(base + "/default-application", bob));
        check(200, "POST", ADMIN + "/default-application", Http.postJson(base + "/default-application", admin, ""));
        check(403, "POST", ADMIN + "/default-application", Http.postJson(base + "/default-application", bob, ""));

        assertEveryOperationUnderSucceeded("/admin/");
    }

    /**
     * The answers that need a policy of their own: the RFC 9470 step-up challenge (a second factor older than the
     * policy's mfaMaxAgeSeconds: the test moves the server's clock past it, {@link TestClock}) and the hourly limit's
     * 429 with Retry-After.
     */
    @Test
    void theStepUpChallengeAndTheHourlyLimitAreAsDescribed() {
        TestClock clock = new TestClock(server);
        Demo.TestUser user = Demo.aliceLike(server);
        String base = Demo.credentialsUrl(server);
        String token = user.token(server);
        String id = Demo.create(server, token, Map.of("name", "before-the-limits")).get("id").asText();
        JsonNode before = Demo.setPolicy(server, Map.of("mfaMaxAgeSeconds", 60, "maxCreatesPerHour", 1));
        try {
            check(429, "POST", USER, Http.postJson(base, user.token(server), Map.of("name", "past-the-hourly-limit")));
            check(429, "POST", USER + "/{id}/regenerate", Http.postJson(base + "/" + id + "/regenerate", user.token(server), ""));
            check(429, "POST", ADMIN + "/users/{userId}", Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + user.id(),
                    Demo.masterAdminToken(server), Map.of("name", "past-the-hourly-limit")));

            String stale = user.token(server);
            clock.advance(Duration.ofSeconds(61)); // the second factor of this token's session is now older than mfaMaxAgeSeconds
            JsonNode challenge = check(401, "POST", USER, Http.postJson(base, stale, Map.of("name", "too-late"))).json();
            assertEquals("insufficient_user_authentication", challenge.get("error").asText(), challenge.toString());
            check(401, "POST", USER + "/{id}/regenerate", Http.postJson(base + "/" + id + "/regenerate", stale, ""));
            check(401, "POST", USER + "/{id}/renew", Http.postJson(base + "/" + id + "/renew", stale, ""));
        } finally {
            Demo.restorePolicy(server, before);
            clock.reset();
        }
    }

    private static final List<DotName> HTTP_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS").stream()
            .map(m -> DotName.createSimple("jakarta.ws.rs." + m)).toList();
    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    /** Where Keycloak serves each resource class of the extension (the SmallRye plugin's scanResourceClasses). */
    private static final Map<String, String> ROOTS = Map.of(
            "io.appcredentials.keycloak.rest.UserAppCredentialsResource", USER,
            "io.appcredentials.keycloak.rest.AdminAppCredentialsResource", ADMIN);

    /**
     * Every JAX-RS resource method in the provider jar deployed to the server under test is in the description, and the
     * description has no operation that no method serves. The jar's classes are read with Jandex (they cannot be loaded
     * here without Keycloak's server classes).
     */
    @Test
    void everyResourceMethodIsDescribedAndNothingElse() throws IOException {
        Path jar = Path.of(System.getProperty("keycloak.home"), "providers", "app-credentials-provider.jar");
        assertTrue(Files.isRegularFile(jar), jar.toString());
        Index index = index(jar);
        Set<String> served = new TreeSet<>();
        for (ClassInfo c : index.getKnownClasses()) {
            String root = ROOTS.get(c.name().toString());
            assertTrue(root != null || c.declaredAnnotation(PATH) == null,
                    c.name() + " is a JAX-RS root resource that the description does not cover");
            for (MethodInfo m : c.methods()) {
                List<String> verbs = HTTP_METHODS.stream().filter(m::hasDeclaredAnnotation).map(DotName::withoutPackagePrefix).toList();
                AnnotationInstance path = m.declaredAnnotation(PATH);
                if (verbs.isEmpty() && path == null) {
                    continue;
                }
                String where = c.name() + "." + m.name();
                assertNotNull(root, where + " is a JAX-RS resource method of a class the description does not cover: add the class "
                        + "to the SmallRye plugin's scanResourceClasses (provider/pom.xml) and to ROOTS here");
                assertFalse(verbs.isEmpty(), where + " is a sub-resource locator, which the description does not follow");
                for (String verb : verbs) {
                    served.add(verb + " " + root + (path == null ? "" : "/" + path.value().asString().replaceAll("^/+|/+$", "")));
                }
            }
        }
        assertFalse(served.isEmpty(), "resource methods found in " + jar);
        Set<String> undescribed = new TreeSet<>(served);
        undescribed.removeAll(api.operationNames());
        Set<String> unserved = new TreeSet<>(api.operationNames());
        unserved.removeAll(served);
        assertEquals(Set.of(), undescribed, "resource methods the description leaves out");
        assertEquals(Set.of(), unserved, "described operations no resource method serves");
    }

    private static Index index(Path jar) throws IOException {
        Indexer indexer = new Indexer();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        indexer.index(in);
                    }
                }
            }
        }
        return indexer.complete();
    }
}
