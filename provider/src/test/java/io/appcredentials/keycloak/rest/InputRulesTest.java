package io.appcredentials.keycloak.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.rest.representation.CreateRequest;
import io.appcredentials.keycloak.rest.representation.PolicyRepresentation;
import io.appcredentials.keycloak.rest.representation.RenewRequest;

/** Parsing and text rules of request bodies, without a server. */
class InputRulesTest {

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

    @Test
    void namesArePrintableOneLineText() {
        assertEquals("ci job", CredentialService.validName("  ci job "));
        assertEquals("déploiement 🚀", CredentialService.validName("déploiement 🚀"));
        for (String bad : new String[] { "a\u0000b", "a\u001b[31mb", "a\nb", "a\tb", "a\u202eb", "a\u200bb", "a\u2028b", "a\ufeffb",
                "a\ud800b", "a\udc00", "\ud800", "a\u2066b", "a\ue000b", "a\uffffb" }) {
            ApiException e = assertThrows(ApiException.class, () -> CredentialService.validName(bad), bad);
            assertEquals("name", field(e));
        }
        assertThrows(ApiException.class, () -> CredentialService.validName("   "));
        assertThrows(ApiException.class, () -> CredentialService.validName("x".repeat(65)));
    }

    @Test
    void descriptionsMayHaveNewlinesAndNothingElseInvisible() {
        assertEquals("line one\nline two", CredentialService.validDescription("line one\r\nline two"));
        for (String bad : new String[] { "a\u0000b", "a\rb", "a\u202eb", "a\u200db", "a\ud800" }) {
            assertEquals("description", field(assertThrows(ApiException.class, () -> CredentialService.validDescription(bad), bad)));
        }
        assertThrows(ApiException.class, () -> CredentialService.validDescription("x".repeat(256)));
    }

    @Test
    void expiryParsingNeverOverflows() {
        assertNotNull(CredentialService.parseInstant("+999999999-12-31T23:59:59Z"), "an instant, but not in milliseconds since 1970");
        assertNull(CredentialService.parseInstant("2027-02-30"));
        assertNull(CredentialService.parseInstant("tomorrow"));
        assertNotNull(CredentialService.parseInstant("+20000-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2027-01-31T23:59:59Z"), CredentialService.parseInstant("2027-01-31"));
        long now = System.currentTimeMillis();
        for (String far : new String[] { "+20000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "0000-01-01", "9999-12-31" }) {
            ApiException e = assertThrows(ApiException.class, () -> CredentialService.parseExpiry("expiresAt", far, now, RealmPolicy.DEFAULTS), far);
            assertEquals("expiresAt", field(e));
        }
    }
}
