package io.appcredentials.keycloak.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AppCredentialTokensTest {

    @Test
    void roundTripKeepsKeycloaksContextPrefix() {
        String jti = AppCredentialTokens.encode("trltcc:8d1c0a5e-3f1b-4a57-9a62-0c7a9a3b1f10", "ac_0123456789abcdefghjk", 7);
        assertEquals("trltcc:ac_0123456789abcdefghjk.7.8d1c0a5e-3f1b-4a57-9a62-0c7a9a3b1f10", jti);
        AppCredentialTokens.Parsed parsed = AppCredentialTokens.parse(jti);
        assertEquals("ac_0123456789abcdefghjk", parsed.credentialId());
        assertEquals(7, parsed.generation());
    }

    @Test
    void otherTokenIdsAreNotMistakenForCredentialTokens() {
        assertNull(AppCredentialTokens.parse(null));
        assertNull(AppCredentialTokens.parse("trltcc:8d1c0a5e-3f1b-4a57-9a62-0c7a9a3b1f10"));
        assertNull(AppCredentialTokens.parse("8d1c0a5e-3f1b-4a57-9a62-0c7a9a3b1f10"));
        assertNull(AppCredentialTokens.parse("trltcc:ac_short.1.x"));
        assertNull(AppCredentialTokens.parse("trltcc:ac_0123456789abcdefghjk.x.y"));
        assertNull(AppCredentialTokens.parse("trltcc:ac_0123456789abcdefghjk.1"));
    }
}
