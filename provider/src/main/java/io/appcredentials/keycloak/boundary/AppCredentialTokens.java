package io.appcredentials.keycloak.boundary;

import org.keycloak.representations.AccessToken;

import io.appcredentials.keycloak.secret.AppCredentialSecrets;

/**
 * What marks a token as issued from a credential. Token ids ({@code jti}) of tokens issued from a credential carry the credential id and its token generation:
 * {@code <keycloak context>:ac_xxxx.<generation>.<random>}. Keycloak checks every access token it accepts against
 * the revoked-token store by {@code jti}, which is how such tokens stop working the moment their credential is
 * disabled, suspended, regenerated or revoked (and stay dead when it is enabled again), and how the extension
 * knows a credential token wherever Keycloak meets one.
 */
public final class AppCredentialTokens {

    /** The claim that names the credential a token was issued from. */
    public static final String CLAIM = "app_credential";

    public record Parsed(String credentialId, int generation) {
    }

    private AppCredentialTokens() {
    }

    /** Whether the token was issued from an application credential (by its signed {@code jti} or claim). */
    public static boolean isCredentialToken(AccessToken token) {
        return token != null && (parse(token.getId()) != null || token.getOtherClaims().containsKey(CLAIM));
    }

    public static String encode(String keycloakTokenId, String credentialId, int generation) {
        int colon = keycloakTokenId.indexOf(':');
        String context = colon < 0 ? "" : keycloakTokenId.substring(0, colon + 1);
        String raw = colon < 0 ? keycloakTokenId : keycloakTokenId.substring(colon + 1);
        return context + credentialId + "." + generation + "." + raw;
    }

    /** The credential a token id belongs to, or null for any other token id. */
    public static Parsed parse(String tokenId) {
        if (tokenId == null) {
            return null;
        }
        int start = tokenId.indexOf(':') + 1;
        if (!tokenId.startsWith(AppCredentialSecrets.ID_PREFIX, start)) {
            return null;
        }
        int idEnd = start + AppCredentialSecrets.ID_LENGTH;
        if (tokenId.length() <= idEnd || tokenId.charAt(idEnd) != '.') {
            return null;
        }
        int versionEnd = tokenId.indexOf('.', idEnd + 1);
        if (versionEnd < 0) {
            return null;
        }
        try {
            return new Parsed(tokenId.substring(start, idEnd), Integer.parseInt(tokenId.substring(idEnd + 1, versionEnd)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
