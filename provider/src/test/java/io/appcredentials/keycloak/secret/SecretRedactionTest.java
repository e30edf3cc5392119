package io.appcredentials.keycloak.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    private static final String SECRET = AppCredentialSecrets.newSecret();
    private static final String BODY = SECRET.substring(AppCredentialSecrets.SECRET_PREFIX.length());

    /** The prefix in every letter case a person or a tool may write it in. */
    private static final List<String> PREFIXES = List.of("acs_", "ACS_", "Acs_", "aCs_", "acS_", "AcS_");

    @Test
    void aSecretIsRecognisedWhateverTheCaseOfItsPrefix() {
        for (String prefix : PREFIXES) {
            String secret = prefix + BODY;
            assertTrue(SecretRedaction.containsSecret(secret), secret);
            assertEquals("acs_[redacted]", SecretRedaction.redact(secret), secret);
        }
    }

    @Test
    void aSecretIsRecognisedWithTheSpacingAndQuotingPeoplePasteAroundIt() {
        for (String prefix : PREFIXES) {
            String secret = prefix + BODY;
            for (String shaped : List.of(" " + secret, secret + "\n", "\"" + secret + "\"", "'" + secret + "'", "\t" + secret + " ",
                    "client_id=" + secret + "&x=1", "Basic:" + secret)) {
                assertTrue(SecretRedaction.containsSecret(shaped), shaped);
                String redacted = SecretRedaction.redact(shaped);
                assertFalse(redacted.contains(BODY), redacted);
                assertTrue(redacted.contains("acs_[redacted]"), redacted);
            }
        }
    }

    @Test
    void aSecretWithLettersOrDigitsPastedRightAfterItIsStillASecret() {
        for (String prefix : PREFIXES) {
            for (String shaped : List.of(prefix + BODY + "x", prefix + BODY + "0", prefix + BODY + "zz",
                    prefix + BODY + "ac_0123456789abcdefABCDEF", "client_id=" + prefix + BODY + "xyz&x=1")) {
                assertTrue(SecretRedaction.containsSecret(shaped), shaped);
                String redacted = SecretRedaction.redact(shaped);
                assertFalse(redacted.contains(BODY), redacted);
                assertTrue(redacted.contains("acs_[redacted]"), redacted);
            }
        }
    }

    @Test
    void textsWithoutASecretAreLeftAlone() {
        for (String text : List.of("", "acs_", "ACS_" + BODY.substring(1), "acs-" + BODY, "ac_" + BODY,
                "acx_" + BODY, "an ordinary client", "a_cs_" + BODY, "_acs" + BODY)) {
            assertFalse(SecretRedaction.containsSecret(text), text);
            assertEquals(text, SecretRedaction.redact(text));
        }
        assertFalse(SecretRedaction.containsSecret(null));
        assertNull(SecretRedaction.redact(null));
        // a non-ASCII letter that folds to s under Unicode case rules is not the prefix
        assertFalse(SecretRedaction.containsSecret("ac\u017f_" + BODY));
    }

    @Test
    void theFirstLookFindsThePrefixInAnyCaseAndNothingElse() {
        assertTrue(SecretRedaction.mayHoldPrefix("xx ACS_"));
        assertTrue(SecretRedaction.mayHoldPrefix("aCs_"));
        assertFalse(SecretRedaction.mayHoldPrefix("_acs"));
        assertFalse(SecretRedaction.mayHoldPrefix("a_c_s_"));
        assertFalse(SecretRedaction.mayHoldPrefix("ac"));
        assertFalse(SecretRedaction.mayHoldPrefix("acr_ abs_ Ics_ aCt_"));
    }

    @Test
    void aLogRecordCarryingASecretInAnyCaseIsRewritten() {
        for (String prefix : PREFIXES) {
            LogRecord inMessage = new LogRecord(Level.WARNING, "Client not found: " + prefix + BODY);
            SecretRedaction.LogFilter.redact(inMessage);
            assertEquals("Client not found: acs_[redacted]", inMessage.getMessage());

            LogRecord inParameter = new LogRecord(Level.WARNING, "Client {0} not found");
            inParameter.setParameters(new Object[] {prefix + BODY});
            SecretRedaction.LogFilter.redact(inParameter);
            assertEquals("Client acs_[redacted] not found", inParameter.getMessage());
            assertNull(inParameter.getParameters());
        }
    }
}
