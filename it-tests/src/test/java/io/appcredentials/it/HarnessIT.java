package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
