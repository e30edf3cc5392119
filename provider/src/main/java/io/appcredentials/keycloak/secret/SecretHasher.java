package io.appcredentials.keycloak.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Comparator;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import org.keycloak.common.util.Base64Url;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keyed hash of secrets: HMAC-SHA256 with the realm's application-credentials key
 * ({@link HashKeyProviderFactory}). Generated secrets carry 256 bits of entropy, so a slow password KDF would
 * add cost on every tool login without adding safety; the key keeps a copy of the credential table alone
 * from being useful to test guesses against.
 */
public final class SecretHasher {

    private SecretHasher() {
    }

    /** A secret's hash and the id of the realm key it was made with. */
    public record Hashed(String keyId, String hash) {
    }

    /** The hash of a new secret with the realm's active key. */
    public static Hashed hashWithActiveKey(KeycloakSession session, RealmModel realm, String secret) {
        KeyWrapper key = session.keys().getKeysStream(realm, HashKeyProviderFactory.USE, HashKeyProviderFactory.ALGORITHM)
                .filter(k -> k.getStatus().isActive())
                .max(Comparator.comparingLong(KeyWrapper::getProviderPriority))
                .orElseGet(() -> createKey(session, realm));
        return new Hashed(key.getKid(), hash(key.getSecretKey(), secret));
    }

    /**
     * The realm's first key, created by Keycloak's key manager in a transaction of its own (one at a time on
     * this node) so that a burst of first uses does not create one key per request.
     */
    private static synchronized KeyWrapper createKey(KeycloakSession session, RealmModel realm) {
        KeyWrapper created = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), session.getContext(),
                s -> s.keys().getActiveKey(s.getContext().getRealm(), HashKeyProviderFactory.USE, HashKeyProviderFactory.ALGORITHM),
                "app-credentials key creation");
        if (created == null) {
            throw new IllegalStateException("No active application credentials key in realm " + realm.getName());
        }
        return created;
    }

    /** The key a stored hash was made with, or null if it was removed or disabled. */
    public static SecretKey key(KeycloakSession session, RealmModel realm, String kid) {
        KeyWrapper key = session.keys().getKey(realm, kid, HashKeyProviderFactory.USE, HashKeyProviderFactory.ALGORITHM);
        return key == null ? null : key.getSecretKey();
    }

    public static String hash(java.security.Key key, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64Url.encode(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of two hashes. */
    public static boolean matches(String expectedHash, String actualHash) {
        if (expectedHash == null || actualHash == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedHash.getBytes(StandardCharsets.US_ASCII), actualHash.getBytes(StandardCharsets.US_ASCII));
    }
}
