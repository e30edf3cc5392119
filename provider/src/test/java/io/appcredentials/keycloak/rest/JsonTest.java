package io.appcredentials.keycloak.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.rest.representation.CreateRequest;
import io.appcredentials.keycloak.rest.representation.PolicyRepresentation;
import io.appcredentials.keycloak.rest.representation.RenewRequest;

/** Strict parsing of request bodies, without a server. */
class JsonTest {

    private static String field(ApiException e) {
        return ((io.appcredentials.keycloak.rest.representation.ApiError) e.getResponse().getEntity()).field;
    }

    private static ApiException refused(String body, Class<?> type) {
        return assertThrows(ApiException.class, () -> Json.read(body, type), body);
    }

    @Test
    void theBodyMustBeOneJsonObject() {
        for (String body : new String[] { "null", "[]", "\"x\"", "123", "true", "{", "{} {}", "{\"name\":\"a\"} x" }) {
            assertEquals(400, refused(body, CreateRequest.class).getResponse().getStatus(), body);
        }
        assertThrows(ApiException.class, () -> Json.readOptional("null", RenewRequest.class), "optional body, but not null");
        assertNull(Json.readOptional("", RenewRequest.class));
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
        assertEquals("a", Json.read("{\"name\":\"a\",\"description\":null,\"expiresAt\":null}", CreateRequest.class).name);
    }

    @Test
    void nullIsRefusedWhereAListOrAnObjectBelongsAndInsideThem() {
        assertEquals("clientRoles.my-api", field(refused("{\"name\":\"a\",\"clientRoles\":{\"my-api\":null}}", CreateRequest.class)));
        assertEquals("clientRoles.my-api[1]", field(refused("{\"name\":\"a\",\"clientRoles\":{\"my-api\":[\"r\",null]}}", CreateRequest.class)));
        assertEquals("realmRoles[0]", field(refused("{\"name\":\"a\",\"realmRoles\":[null]}", CreateRequest.class)));
        assertEquals("realmRoles", field(refused("{\"name\":\"a\",\"realmRoles\":null}", CreateRequest.class)));
        assertEquals("clientRoles", field(refused("{\"name\":\"a\",\"clientRoles\":null}", CreateRequest.class)));
        assertEquals("accessRules[0]", field(refused("{\"name\":\"a\",\"accessRules\":[null]}", CreateRequest.class)));
        assertEquals("accessRules[0].path", field(refused("{\"name\":\"a\",\"accessRules\":[{\"method\":\"GET\",\"path\":null}]}", CreateRequest.class)));
        assertEquals("allowedCidrs[0]", field(refused("{\"name\":\"a\",\"allowedCidrs\":[null]}", CreateRequest.class)));
        assertEquals("scopes[0]", field(refused("{\"name\":\"a\",\"scopes\":[null]}", CreateRequest.class)));
        assertEquals("trustedIdpMfa.corp", field(refused("{\"trustedIdpMfa\":{\"corp\":null}}", PolicyRepresentation.class)));
        assertEquals("trustedIdpMfa.corp.amr", field(refused("{\"trustedIdpMfa\":{\"corp\":{\"amr\":null}}}", PolicyRepresentation.class)));
        assertEquals("expiryReminderDays[0]", field(refused("{\"expiryReminderDays\":[null]}", PolicyRepresentation.class)));
        assertEquals("allowedClients", field(refused("{\"allowedClients\":null}", PolicyRepresentation.class)));
        // a client's member name is echoed only when it is short printable text
        assertEquals("clientRoles", field(refused("{\"name\":\"a\",\"clientRoles\":{\"x\\u202Ey\":null}}", CreateRequest.class)));
        // null stays "not given" where one value belongs
        assertNull(Json.read("{\"accessTokenLifespanSeconds\":null}", PolicyRepresentation.class).accessTokenLifespanSeconds);
        assertEquals(1, Json.read("{\"name\":\"a\",\"clientRoles\":{\"my-api\":[]}}", CreateRequest.class).clientRoles.size());
    }
}
