package io.appcredentials.keycloak.restriction;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address (a /32 or /128). Parsed
 * without any name lookup; kept in canonical form (host bits cleared).
 */
public final class Cidr {

    public static final int MAX_CIDRS = 20;

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** The network, or null if the text is not an IP address or network. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            return null;
        }
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            return null;
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = value.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                return null;
            }
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /**
     * The bytes of an IP literal, or null; never resolves a name (an IPv4 literal is parsed here; a text with a
     * colon is only ever taken as an IPv6 literal by {@link InetAddress}).
     */
    static byte[] literal(String address) {
        if (address.isEmpty() || !(address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':'))) {
            return null;
        }
        if (address.indexOf(':') < 0) {
            return ipv4(address);
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] ipv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            out[i] = (byte) value;
        }
        return out;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    /** Whether the address (an IP literal, as Keycloak reports the request's source) is in this network. */
    public boolean contains(String address) {
        byte[] bytes = address == null ? null : literal(address);
        if (bytes != null && bytes.length == 16 && network.length == 4 && isV4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes != null && bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    @Override
    public String toString() {
        try {
            String host = InetAddress.getByAddress(network).getHostAddress();
            return host + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }
}
