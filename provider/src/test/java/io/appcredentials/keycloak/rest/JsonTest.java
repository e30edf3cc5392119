package io.appcredentials.keycloak.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.rest.representation.CreateRequest;
import io.appcredentials.keycloak.rest.representation.PolicyRepresentation;
import io.appcredentials.keycloak.rest.representation.RenewRequest;
import io.appcredentials.keycloak.service.ApiException;

/** Strict parsing of request bodies, without a server. */
class JsonTest {

    private static String field(ApiException e) {
        @SuppressWarnings("unchecked")
        java.util.Map<String, String> body = (java.util.Map<String, String>) e.getResponse().getEntity();
        return body.get("field");
    }

    private static ApiException refused(String body, Class<?> type) {
        return assertThrows(ApiException.class, () -> Json.read(body, type, false), body);
    }

    @Test
    void theBodyMustBeOneJsonObject() {
        for (String body : new String[] { "null", "[]", "\"x\"", "123", "true", "{", "{} {}", "{\"name\":\"a\"} x" }) {
            assertEquals(400, refused(body, CreateRequest.class).getResponse().getStatus(), body);
        }
        assertThrows(ApiException.class, () -> Json.read("null", RenewRequest.class, true), "optional body, but not null");
        assertNull(Json.read("", RenewRequest.class, true));
    }

    @Test
    void everyFieldMustHaveItsJsonType() {
        assertEquals("name", field(refused("{\"name\":123}", CreateRequest.class)));
        assertEquals("name", field(refused("{\"name\":true}", CreateRequest.class)));
        assertEquals("name", field(refused("{\"name\":[\"a\"]}", CreateRequest.class)));
        assertEquals("name", field(refused("{\"name\":{\"a\":1}}", CreateRequest.class)));
        assertEquals("realmRoles", field(refused("{\"name\":\"a\",\"realmRoles\":\"reader\"}", CreateRequest.class)));
        assertEquals("realmRoles", field(refused("{\"name\":\"a\",\"realmRoles\":[1]}", CreateRequest.class)));
        assertEquals("clientRoles", field(refused("{\"name\":\"a\",\"clientRoles\":[\"x\"]}", CreateRequest.class)));
        assertEquals("maxPerUser", field(refused("{\"maxPerUser\":\"5\"}", PolicyRepresentation.class)));
        assertEquals("maxPerUser", field(refused("{\"maxPerUser\":5.5}", PolicyRepresentation.class)));
        assertEquals("maxPerUser", field(refused("{\"maxPerUser\":99999999999}", PolicyRepresentation.class)));
        assertEquals("enabled", field(refused("{\"enabled\":1}", PolicyRepresentation.class)));
        assertEquals("enabled", field(refused("{\"enabled\":\"true\"}", PolicyRepresentation.class)));
        assertEquals("bogus", field(refused("{\"bogus\":1}", CreateRequest.class)));
        assertEquals("name", field(refused("{\"name\":\"a\",\"name\":\"b\"}", CreateRequest.class)));
        assertEquals("a", Json.read("{\"name\":\"a\",\"realmRoles\":null}", CreateRequest.class, false).name);
    }
}
