package io.appcredentials.keycloak.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.model.AppCredentialException;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.restriction.AccessRule;
import io.appcredentials.keycloak.restriction.Cidr;

/** What a request gives, turned into domain values or refused with the field named, without a server. */
class AppCredentialInputTest {

    private static String field(AppCredentialException e) {
        return e.field();
    }

    @Test
    void namesArePrintableOneLineText() {
        assertEquals("ci job", AppCredentialInput.validName("  ci job "));
        assertEquals("déploiement 🚀", AppCredentialInput.validName("déploiement 🚀"));
        for (String bad : new String[] { "a\u0000b", "a\u001b[31mb", "a\nb", "a\tb", "a\u202eb", "a\u200bb", "a\u2028b", "a\ufeffb",
                "a\ud800b", "a\udc00", "\ud800", "a\u2066b", "a\ue000b", "a\uffffb" }) {
            AppCredentialException e = assertThrows(AppCredentialException.class, () -> AppCredentialInput.validName(bad), bad);
            assertEquals("name", field(e));
        }
        assertThrows(AppCredentialException.class, () -> AppCredentialInput.validName("   "));
        assertThrows(AppCredentialException.class, () -> AppCredentialInput.validName("x".repeat(65)));
    }

    @Test
    void descriptionsMayHaveNewlinesAndNothingElseInvisible() {
        assertEquals("line one\nline two", AppCredentialInput.validDescription("line one\r\nline two"));
        for (String bad : new String[] { "a\u0000b", "a\rb", "a\u202eb", "a\u200db", "a\ud800" }) {
            assertEquals("description", field(assertThrows(AppCredentialException.class, () -> AppCredentialInput.validDescription(bad), bad)));
        }
        assertThrows(AppCredentialException.class, () -> AppCredentialInput.validDescription("x".repeat(256)));
    }

    @Test
    void expiryParsingNeverOverflows() {
        assertNotNull(AppCredentialInput.parseInstant("+999999999-12-31T23:59:59Z"), "an instant, but not in milliseconds since 1970");
        assertNull(AppCredentialInput.parseInstant("2027-02-30"));
        assertNull(AppCredentialInput.parseInstant("tomorrow"));
        assertNotNull(AppCredentialInput.parseInstant("+20000-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2027-01-31T23:59:59Z"), AppCredentialInput.parseInstant("2027-01-31"));
        long now = System.currentTimeMillis();
        for (String far : new String[] { "+20000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "0000-01-01", "9999-12-31" }) {
            AppCredentialException e = assertThrows(AppCredentialException.class, () -> AppCredentialInput.parseExpiry("expiresAt", far, now, RealmPolicy.DEFAULTS), far);
            assertEquals("expiresAt", field(e));
        }
    }

    @Test
    void accessRulesAreCheckedOneByOneAndKeptOnce() {
        List<AccessRule> rules = AppCredentialInput.accessRules(Arrays.asList(new AppCredentialRequest.Rule("GET", "/admin/realms/demo/users/**"),
                new AppCredentialRequest.Rule("GET", "/admin/realms/demo/users/**"), new AppCredentialRequest.Rule("POST", "/admin/realms/demo/users")));
        assertEquals(List.of(AccessRule.of("GET", "/admin/realms/demo/users/**"), AccessRule.of("POST", "/admin/realms/demo/users")), rules);
        assertEquals(List.of(), AppCredentialInput.accessRules(null));
        assertEquals("accessRules[1]", assertThrows(AppCredentialException.class, () -> AppCredentialInput.accessRules(
                Arrays.asList(new AppCredentialRequest.Rule("GET", "/a"), null))).field());
        assertEquals("accessRules[0].method", assertThrows(AppCredentialException.class, () -> AppCredentialInput.accessRules(
                List.of(new AppCredentialRequest.Rule("FETCH", "/a")))).field());
        assertEquals("accessRules[0].path", assertThrows(AppCredentialException.class, () -> AppCredentialInput.accessRules(
                List.of(new AppCredentialRequest.Rule("GET", "/a\u202eb")))).field());
        List<AppCredentialRequest.Rule> tooMany = Collections.nCopies(AccessRule.MAX_RULES + 1, new AppCredentialRequest.Rule("GET", "/a"));
        assertEquals("accessRules", assertThrows(AppCredentialException.class, () -> AppCredentialInput.accessRules(tooMany)).field());
    }

    @Test
    void networksAreParsedOneByOneAndKeptOnce() {
        assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32")),
                AppCredentialInput.allowedCidrs(List.of("10.0.0.0/8", "2001:db8::/32", "10.0.0.0/8")));
        AppCredentialException e = assertThrows(AppCredentialException.class, () -> AppCredentialInput.allowedCidrs(Arrays.asList("10.0.0.0/8", "ten")));
        assertEquals("allowedCidrs[1]", e.field());
        assertEquals(AppCredentialException.Kind.INVALID, e.kind());
        assertEquals("allowedCidrs[0]", assertThrows(AppCredentialException.class, () -> AppCredentialInput.allowedCidrs(Arrays.asList((String) null))).field());
        List<String> tooMany = Collections.nCopies(Cidr.MAX_CIDRS + 1, "10.0.0.0/8");
        assertEquals("allowedCidrs", assertThrows(AppCredentialException.class, () -> AppCredentialInput.allowedCidrs(tooMany)).field());
    }
}
