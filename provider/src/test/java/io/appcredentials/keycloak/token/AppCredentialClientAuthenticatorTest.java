package io.appcredentials.keycloak.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.secret.AppCredentialSecrets;

/** Which client ids the extension answers itself, so that they never reach Keycloak's own code. */
class AppCredentialClientAuthenticatorTest {

    @Test
    void aSecretWhereTheIdBelongsIsAnsweredByTheExtensionWhateverTheCaseOfItsPrefix() {
        String body = AppCredentialSecrets.newSecret().substring(4);
        for (String prefix : List.of("acs_", "ACS_", "Acs_", "aCS_")) {
            for (String sent : List.of(prefix + body, " " + prefix + body, "\"" + prefix + body + "\"", prefix + body + "\n")) {
                assertTrue(AppCredentialClientAuthenticator.namesCredential(sent), sent);
            }
        }
    }

    @Test
    void idsAndIdsInAnotherCaseAreTheExtensionsOtherClientIdsKeycloaks() {
        String id = AppCredentialSecrets.newId();
        assertTrue(AppCredentialClientAuthenticator.namesCredential(id));
        assertTrue(AppCredentialClientAuthenticator.namesCredential(id.toUpperCase(Locale.ROOT)), "answered like an unknown ID");
        assertTrue(AppCredentialClientAuthenticator.namesCredential("ac_not-an-id"), "the ac_ prefix stays the extension's");
        assertFalse(AppCredentialClientAuthenticator.namesCredential("AC_REPORTS"), "an ordinary client id of that spelling");
        assertFalse(AppCredentialClientAuthenticator.namesCredential("my-api"));
        assertFalse(AppCredentialClientAuthenticator.namesCredential("account-console"));
        assertFalse(AppCredentialClientAuthenticator.namesCredential(null));
    }
}
