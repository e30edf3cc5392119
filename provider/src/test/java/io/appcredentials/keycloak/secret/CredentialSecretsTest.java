package io.appcredentials.keycloak.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CredentialSecretsTest {

    @Test
    void idsHaveThePrefixAndAlphabetAndAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = CredentialSecrets.newId();
            assertTrue(id.matches("ac_[0-9a-hjkmnp-tv-z]{20}"), id);
            assertTrue(CredentialSecrets.looksLikeId(id));
            assertTrue(seen.add(id));
        }
    }

    @Test
    void secretsCarryAValidChecksumAndAnyChangeBreaksIt() {
        for (int i = 0; i < 1000; i++) {
            String secret = CredentialSecrets.newSecret();
            assertEquals(CredentialSecrets.SECRET_LENGTH, secret.length());
            assertTrue(secret.matches("acs_[0-9A-Za-z]{49}"), secret);
            assertTrue(CredentialSecrets.isWellFormedSecret(secret));
            char[] chars = secret.toCharArray();
            int pos = 4 + (i % 49);
            chars[pos] = chars[pos] == 'a' ? 'b' : 'a';
            assertFalse(CredentialSecrets.isWellFormedSecret(new String(chars)), "single-character change detected");
        }
    }

    @Test
    void malformedValuesAreRejectedWithoutLookup() {
        assertFalse(CredentialSecrets.looksLikeId(null));
        assertFalse(CredentialSecrets.looksLikeId("ac_short"));
        assertFalse(CredentialSecrets.looksLikeId("ac_ILLEGALCHARS0000000"));
        assertFalse(CredentialSecrets.looksLikeId("xx_00000000000000000000"));
        assertFalse(CredentialSecrets.isWellFormedSecret(null));
        assertFalse(CredentialSecrets.isWellFormedSecret("acs_" + "A".repeat(49)));
        assertFalse(CredentialSecrets.isWellFormedSecret("acs_" + "!".repeat(49)));
    }

    @Test
    void base62CarriesAll256Bits() {
        byte[] max = new byte[32];
        java.util.Arrays.fill(max, (byte) 0xff);
        String encoded = CredentialSecrets.toBase62(max, 43);
        assertNotEquals('0', encoded.charAt(0), "43 characters are needed and enough: " + encoded);
        assertEquals("0".repeat(43), CredentialSecrets.toBase62(new byte[32], 43));
    }

    @Test
    void anIdInAnotherLetterCaseHasTheShapeOfAnIdButIsNotOne() {
        String id = CredentialSecrets.newId();
        String upper = id.toUpperCase(java.util.Locale.ROOT);
        assertTrue(CredentialSecrets.looksLikeIdInAnyCase(id));
        assertTrue(CredentialSecrets.looksLikeIdInAnyCase(upper));
        assertTrue(CredentialSecrets.looksLikeIdInAnyCase("Ac_" + id.substring(3)));
        assertFalse(CredentialSecrets.looksLikeId(upper), "IDs are matched exactly");
        assertFalse(CredentialSecrets.looksLikeIdInAnyCase("AC_REPORTS"), "an ordinary client id");
        assertFalse(CredentialSecrets.looksLikeIdInAnyCase("AC_" + id.substring(3) + "X"));
        assertFalse(CredentialSecrets.looksLikeIdInAnyCase("AC_" + id.substring(3, 22) + "L"), "L is not in the alphabet");
        assertFalse(CredentialSecrets.looksLikeIdInAnyCase("AC_" + id.substring(3, 22) + "\u0130"));
        assertFalse(CredentialSecrets.looksLikeIdInAnyCase(null));
    }
}
