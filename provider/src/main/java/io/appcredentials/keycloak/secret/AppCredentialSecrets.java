package io.appcredentials.keycloak.secret;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * Formats of application credential IDs and secrets.
 *
 * <ul>
 *   <li>ID: {@code ac_} + 20 characters of lower-case base32 (100 random bits). Public: it is the OAuth
 *       {@code client_id}.</li>
 *   <li>Secret: {@code acs_} + 43 base62 characters (256 random bits) + 6 base62 characters of the CRC32 of
 *       the random part. The fixed prefix and the checksum let leak scanners recognise a secret with no
 *       false positives and let the server reject mistyped secrets without a database lookup.</li>
 * </ul>
 */
public final class AppCredentialSecrets {

    public static final String ID_PREFIX = "ac_";
    public static final String SECRET_PREFIX = "acs_";
    static final int ID_RANDOM_CHARS = 20;
    static final int SECRET_RANDOM_BYTES = 32;
    static final int SECRET_RANDOM_CHARS = 43;
    static final int CHECKSUM_CHARS = 6;
    public static final int ID_LENGTH = ID_PREFIX.length() + ID_RANDOM_CHARS;
    public static final int SECRET_LENGTH = SECRET_PREFIX.length() + SECRET_RANDOM_CHARS + CHECKSUM_CHARS;

    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private AppCredentialSecrets() {
    }

    public static String newId() {
        byte[] bytes = new byte[13]; // 104 bits, 100 used
        RANDOM.nextBytes(bytes);
        StringBuilder sb = new StringBuilder(ID_LENGTH).append(ID_PREFIX);
        int buffer = 0;
        int bits = 0;
        int i = 0;
        while (sb.length() < ID_LENGTH) {
            if (bits < 5) {
                buffer = (buffer << 8) | (bytes[i++] & 0xff);
                bits += 8;
            }
            sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
        return sb.toString();
    }

    public static String newSecret() {
        byte[] bytes = new byte[SECRET_RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        String random = toBase62(bytes, SECRET_RANDOM_CHARS);
        return SECRET_PREFIX + random + checksum(random);
    }

    /** True when {@code id} has the shape of an application credential ID (cheap, no lookup). */
    public static boolean looksLikeId(String id) {
        if (id == null || id.length() != ID_LENGTH || !id.startsWith(ID_PREFIX)) {
            return false;
        }
        for (int i = ID_PREFIX.length(); i < id.length(); i++) {
            if (indexOf(BASE32, id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code id} has the shape of an ID with its letters in any case ({@code AC_…}, {@code Ac_…}): what a
     * person or tool that changed an ID's case sends. Such a spelling is not an ID (IDs are matched exactly).
     */
    public static boolean looksLikeIdInAnyCase(String id) {
        if (id == null || id.length() != ID_LENGTH || !id.regionMatches(true, 0, ID_PREFIX, 0, ID_PREFIX.length())) {
            return false;
        }
        for (int i = ID_PREFIX.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            if (c > 0x7f || indexOf(BASE32, Character.toLowerCase(c)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code secret} has the prefix, length, alphabet and a matching checksum. */
    public static boolean isWellFormedSecret(String secret) {
        if (secret == null || secret.length() != SECRET_LENGTH || !secret.startsWith(SECRET_PREFIX)) {
            return false;
        }
        for (int i = SECRET_PREFIX.length(); i < secret.length(); i++) {
            if (indexOf(BASE62, secret.charAt(i)) < 0) {
                return false;
            }
        }
        String random = secret.substring(SECRET_PREFIX.length(), SECRET_PREFIX.length() + SECRET_RANDOM_CHARS);
        String check = secret.substring(SECRET_PREFIX.length() + SECRET_RANDOM_CHARS);
        return checksum(random).equals(check);
    }

    static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }

    /** Big-endian base62 of {@code bytes}, left-padded to {@code length} characters. */
    static String toBase62(byte[] bytes, int length) {
        byte[] number = bytes.clone();
        char[] out = new char[length];
        for (int pos = length - 1; pos >= 0; pos--) {
            int remainder = 0;
            for (int i = 0; i < number.length; i++) {
                int value = (remainder << 8) | (number[i] & 0xff);
                number[i] = (byte) (value / 62);
                remainder = value % 62;
            }
            out[pos] = BASE62[remainder];
        }
        return new String(out);
    }

    private static int indexOf(char[] alphabet, char c) {
        for (int i = 0; i < alphabet.length; i++) {
            if (alphabet[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
