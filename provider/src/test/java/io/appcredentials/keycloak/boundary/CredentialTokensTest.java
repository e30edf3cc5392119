package io.appcredentials.keycloak.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CredentialTokensTest {

    @Test
    void roundTripKeepsKeycloaksContextPrefix() {
        String jti = CredentialTokens.encode("trltcc:8d1c0a5e-3f1b-4a57-9a62-0c7a9a3b1f10", "ac_0123456789abcdefghjk", 7);
        assertEquals("trltcc:ac_0123456789abcdefghjk.7.8d1c0a5e-3f1b-4a57-9a62-0c7a9a3b1f10", jti);
        CredentialTokens.Parsed parsed = CredentialTokens.parse(jti);
        assertEquals("ac_0123456789abcdefghjk", parsed.credentialId());
        assertEquals(7, parsed.generation());
    }

    @Test
    void otherTokenIdsAreNotMistakenForCredentialTokens() {
        assertNull(CredentialTokens.parse(null));
        assertNull(CredentialTokens.parse("trltcc:8d1c0a5e-3f1b-4a57-9a62-0c7a9a3b1f10"));
        assertNull(CredentialTokens.parse("8d1c0a5e-3f1b-4a57-9a62-0c7a9a3b1f10"));
        assertNull(CredentialTokens.parse("trltcc:ac_short.1.x"));
        assertNull(CredentialTokens.parse("trltcc:ac_0123456789abcdefghjk.x.y"));
        assertNull(CredentialTokens.parse("trltcc:ac_0123456789abcdefghjk.1"));
    }
}
