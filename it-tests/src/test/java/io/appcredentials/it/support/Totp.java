package io.appcredentials.it.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 TOTP as an authenticator app computes it (HmacSHA1, 6 digits, 30 s), for Keycloak's raw OTP secret. */
public final class Totp {

    private Totp() {
    }

    public static String now(String keycloakSecret) {
        return at(keycloakSecret, System.currentTimeMillis() / 1000 / 30);
    }

    /** The code of the next 30-second step (Keycloak accepts one step either side by default). */
    public static String next(String keycloakSecret) {
        return at(keycloakSecret, System.currentTimeMillis() / 1000 / 30 + 1);
    }

    static String at(String keycloakSecret, long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(keycloakSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = h[h.length - 1] & 0xf;
            int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
