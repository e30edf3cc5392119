package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/** The harness itself: a real server with the extension loaded and the demo realm imported. */
@ExtendWith(TestServer.class)
@Tag("mariadb")
@Tag("container")
class HarnessIT {

    private final KeycloakServer server = TestServer.server();

    @Test
    void realmResourceAnswersAndWantsABearerToken() {
        Http.Resp r = Http.get(Demo.credentialsUrl(server), null);
        assertEquals(401, r.status(), r.toString());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), r.header("WWW-Authenticate"));
    }

    @Test
    void providersAppearInServerInfo() {
        JsonNode providers = Http.get(server.baseUrl() + "/admin/serverinfo", Demo.masterAdminToken(server)).json().get("providers");
        assertTrue(providers.get("realm-restapi-extension").get("providers").has("app-credentials"), "user REST resource");
        assertTrue(providers.get("admin-realm-restapi-extension").get("providers").has("app-credentials"), "admin REST resource");
        assertTrue(providers.get("keys").get("providers").has("app-credentials-hmac-generated"), "hash key provider");
        assertTrue(providers.get("eventsListener").get("providers").has("app-credentials"), "second-factor removal listener");
        JsonNode storage = providers.get("app-credentials").get("providers");
        assertTrue(storage.has("jpa"), "the storage SPI's JPA provider");
        assertTrue(storage.get("default").get("operationalInfo").has("cachedLeases"), "the cache and lifecycle owner: " + storage);
        JsonNode info = providers.get("realm-restapi-extension").get("providers").get("app-credentials").get("operationalInfo");
        assertTrue(info.get("version").asText().startsWith("0."), info.toString());
    }

    @Test
    void demoRealmIsImportedWithTheAccountTheme() {
        JsonNode realm = Http.get(server.baseUrl() + "/admin/realms/demo", Demo.masterAdminToken(server)).json();
        assertEquals("app-credentials", realm.get("accountTheme").asText());
        Http.Resp login = Demo.login(server, Demo.ALICE, Demo.ALICE_PASSWORD, Demo.ALICE_TOTP);
        assertEquals(200, login.status(), login.toString());
    }

    /**
     * The test clock ({@code test-clock/}, {@link io.appcredentials.it.support.TestClock}) is for the test servers
     * only: the product jar (the one the Dockerfile copies, and its copy in the test server's providers/) has none of
     * its classes and no registration of them; the container image has no {@code /realms/master/test-clock}; the
     * process harness's server has it, for a master-realm administrator only (403 otherwise).
     */
    @Test
    void theTestClockIsNeverInTheProductJarNorInTheImage() throws IOException {
        for (Path jar : List.of(Path.of("../provider/target/app-credentials-provider.jar"),
                KeycloakServer.distribution().resolve("providers/app-credentials-provider.jar"))) {
            assertTrue(Files.isRegularFile(jar), "the product jar: " + jar.toAbsolutePath());
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                List<String> names = zip.stream().map(ZipEntry::getName).toList();
                assertTrue(names.contains("io/appcredentials/keycloak/rest/UserAppCredentialsResourceProviderFactory.class"),
                        "control: the product's classes are listed in " + jar);
                assertTrue(names.stream().noneMatch(n -> n.toLowerCase().contains("testclock") || n.toLowerCase().contains("test-clock")),
                        jar + " holds the test clock");
                for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("META-INF/services/")).toList()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        String registered = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        assertFalse(registered.toLowerCase().contains("testclock"), jar + " registers the test clock in " + entry.getName());
                    }
                }
            }
        }
        String clock = server.realmUrl("master") + "/test-clock";
        String admin = Demo.masterAdminToken(server);
        if ("container".equals(System.getProperty("it.server"))) {
            assertEquals(404, Http.get(clock, admin).status(), "the image has no test clock");
            return;
        }
        Http.Resp read = Http.get(clock, admin);
        assertEquals(200, read.status(), read.toString());
        assertTrue(read.json().has("offsetSeconds"), read.toString());
        assertEquals(403, Http.get(clock, null).status(), "no token");
        assertEquals(403, Http.get(clock, Demo.aliceToken(server)).status(), "a token of another realm's user");
        assertEquals(403, Http.putJson(clock, Demo.aliceToken(server), java.util.Map.of("offsetSeconds", 5)).status(), "a token of another realm's user");
        assertEquals(403, Http.get(server.realmUrl(Demo.REALM) + "/test-clock", admin).status(), "only in the master realm");
        String demoAdmin = Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
        assertEquals(403, Http.get(server.realmUrl(Demo.REALM) + "/test-clock", demoAdmin).status(), "a realm administrator of the demo realm");
        Http.Resp bad = Http.putJson(clock, admin, java.util.Map.of("offsetSeconds", "soon"));
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.body().contains("offsetSeconds"), bad.toString());
    }
}
