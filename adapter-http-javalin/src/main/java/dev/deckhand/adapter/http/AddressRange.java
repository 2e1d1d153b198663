package dev.deckhand.adapter.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}), as an operator
 * names trusted proxies. Only literals are accepted: nothing here ever asks DNS.
 */
public final class AddressRange {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefixBits;
    private final String text;

    private AddressRange(byte[] network, int prefixBits, String text) {
        this.network = network;
        this.prefixBits = prefixBits;
        this.text = text;
    }

    /** Parses {@code address} or {@code address/bits}; throws {@link IllegalArgumentException} with a readable reason. */
    public static AddressRange parse(String range) {
        Objects.requireNonNull(range, "range");
        String trimmed = range.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = literal(addressText)
                .orElseThrow(() -> new IllegalArgumentException("'" + range + "' is not an IP address or CIDR block"));
        int maxBits = address.length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > maxBits) {
                throw new IllegalArgumentException("'" + range + "': the prefix must be 0 to " + maxBits + " bits");
            }
        }
        return new AddressRange(masked(address, bits), bits, trimmed);
    }

    /** Whether {@code address} (a literal, as a socket or a forwarded header gives it) lies in this range. */
    public boolean contains(String address) {
        return literal(address).map(this::contains).orElse(false);
    }

    boolean contains(byte[] address) {
        byte[] candidate = address;
        if (candidate.length != network.length) {
            // An IPv4 client seen through an IPv6 socket arrives as ::ffff:a.b.c.d; compare it as IPv4.
            if (candidate.length == 16 && network.length == 4 && isMappedIpv4(candidate)) {
                candidate = Arrays.copyOfRange(candidate, 12, 16);
            } else {
                return false;
            }
        }
        return Arrays.equals(masked(candidate, prefixBits), network);
    }

    /** The bytes of an IPv4 or IPv6 literal; empty for anything else, host names included. */
    static Optional<byte[]> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.trim();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        if (IPV4.matcher(candidate).matches()) {
            return ipv4(candidate);
        }
        if (!IPV6.matcher(candidate).matches()) {
            return Optional.empty();
        }
        try {
            // In brackets, getByName parses an IPv6 literal or fails; it never asks DNS.
            return Optional.of(InetAddress.getByName("[" + candidate + "]").getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return Optional.empty();
            }
            address[i] = (byte) octet;
        }
        return Optional.of(address);
    }

    private static boolean isMappedIpv4(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    private static byte[] masked(byte[] address, int bits) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            result[i] = (byte) (result[i] & (0xff << (8 - keep)));
        }
        return result;
    }

    @Override
    public String toString() {
        return text;
    }
}
