package io.appcredentials.keycloak.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.model.AppCredentialException;
import io.appcredentials.keycloak.policy.RealmPolicy;

/** Text and expiry rules of the credential service, without a server. */
class InputRulesTest {

    private static String field(AppCredentialException e) {
        return e.field();
    }

    @Test
    void namesArePrintableOneLineText() {
        assertEquals("ci job", CredentialService.validName("  ci job "));
        assertEquals("déploiement 🚀", CredentialService.validName("déploiement 🚀"));
        for (String bad : new String[] { "a\u0000b", "a\u001b[31mb", "a\nb", "a\tb", "a\u202eb", "a\u200bb", "a\u2028b", "a\ufeffb",
                "a\ud800b", "a\udc00", "\ud800", "a\u2066b", "a\ue000b", "a\uffffb" }) {
            AppCredentialException e = assertThrows(AppCredentialException.class, () -> CredentialService.validName(bad), bad);
            assertEquals("name", field(e));
        }
        assertThrows(AppCredentialException.class, () -> CredentialService.validName("   "));
        assertThrows(AppCredentialException.class, () -> CredentialService.validName("x".repeat(65)));
    }

    @Test
    void descriptionsMayHaveNewlinesAndNothingElseInvisible() {
        assertEquals("line one\nline two", CredentialService.validDescription("line one\r\nline two"));
        for (String bad : new String[] { "a\u0000b", "a\rb", "a\u202eb", "a\u200db", "a\ud800" }) {
            assertEquals("description", field(assertThrows(AppCredentialException.class, () -> CredentialService.validDescription(bad), bad)));
        }
        assertThrows(AppCredentialException.class, () -> CredentialService.validDescription("x".repeat(256)));
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
            AppCredentialException e = assertThrows(AppCredentialException.class, () -> CredentialService.parseExpiry("expiresAt", far, now, RealmPolicy.DEFAULTS), far);
            assertEquals("expiresAt", field(e));
        }
    }
}
