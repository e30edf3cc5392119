package io.appcredentials.keycloak.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AppCredentialSecretsTest {

    @Test
    void idsHaveThePrefixAndAlphabetAndAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = AppCredentialSecrets.newId();
            assertTrue(id.matches("ac_[0-9a-hjkmnp-tv-z]{20}"), id);
            assertTrue(AppCredentialSecrets.looksLikeId(id));
            assertTrue(seen.add(id));
        }
    }

    @Test
    void secretsCarryAValidChecksumAndAnyChangeBreaksIt() {
        for (int i = 0; i < 1000; i++) {
            String secret = AppCredentialSecrets.newSecret();
            assertEquals(AppCredentialSecrets.SECRET_LENGTH, secret.length());
            assertTrue(secret.matches("acs_[0-9A-Za-z]{49}"), secret);
            assertTrue(AppCredentialSecrets.isWellFormedSecret(secret));
            char[] chars = secret.toCharArray();
            int pos = 4 + (i % 49);
            chars[pos] = chars[pos] == 'a' ? 'b' : 'a';
            assertFalse(AppCredentialSecrets.isWellFormedSecret(new String(chars)), "single-character change detected");
        }
    }

    @Test
    void malformedValuesAreRejectedWithoutLookup() {
        assertFalse(AppCredentialSecrets.looksLikeId(null));
        assertFalse(AppCredentialSecrets.looksLikeId("ac_short"));
        assertFalse(AppCredentialSecrets.looksLikeId("ac_ILLEGALCHARS0000000"));
        assertFalse(AppCredentialSecrets.looksLikeId("xx_00000000000000000000"));
        assertFalse(AppCredentialSecrets.isWellFormedSecret(null));
        assertFalse(AppCredentialSecrets.isWellFormedSecret("acs_" + "A".repeat(49)));
        assertFalse(AppCredentialSecrets.isWellFormedSecret("acs_" + "!".repeat(49)));
    }

    @Test
    void base62CarriesAll256Bits() {
        byte[] max = new byte[32];
        java.util.Arrays.fill(max, (byte) 0xff);
        String encoded = AppCredentialSecrets.toBase62(max, 43);
        assertNotEquals('0', encoded.charAt(0), "43 characters are needed and enough: " + encoded);
        assertEquals("0".repeat(43), AppCredentialSecrets.toBase62(new byte[32], 43));
    }

    @Test
    void anIdInAnotherLetterCaseHasTheShapeOfAnIdButIsNotOne() {
        String id = AppCredentialSecrets.newId();
        String upper = id.toUpperCase(java.util.Locale.ROOT);
        assertTrue(AppCredentialSecrets.looksLikeIdInAnyCase(id));
        assertTrue(AppCredentialSecrets.looksLikeIdInAnyCase(upper));
        assertTrue(AppCredentialSecrets.looksLikeIdInAnyCase("Ac_" + id.substring(3)));
        assertFalse(AppCredentialSecrets.looksLikeId(upper), "IDs are matched exactly");
        assertFalse(AppCredentialSecrets.looksLikeIdInAnyCase("AC_REPORTS"), "an ordinary client id");
        assertFalse(AppCredentialSecrets.looksLikeIdInAnyCase("AC_" + id.substring(3) + "X"));
        assertFalse(AppCredentialSecrets.looksLikeIdInAnyCase("AC_" + id.substring(3, 22) + "L"), "L is not in the alphabet");
        assertFalse(AppCredentialSecrets.looksLikeIdInAnyCase("AC_" + id.substring(3, 22) + "\u0130"));
        assertFalse(AppCredentialSecrets.looksLikeIdInAnyCase(null));
    }
}
