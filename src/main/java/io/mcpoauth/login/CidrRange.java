package io.mcpoauth.login;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}, or a bare address). */
public final class CidrRange {

    private final byte[] network;
    private final int prefix;

    private CidrRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    public static CidrRange parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address range: " + cidr);
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("bad prefix length: " + cidr);
        }
        return new CidrRange(bytes, prefix);
    }

    /** True when the address (an IP literal) lies in the range; host names never match. */
    public boolean contains(String address) {
        byte[] bytes = address == null ? null : literal(address);
        if (bytes == null || bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    /** Parses an IP literal without any DNS lookup; null for anything else. */
    private static byte[] literal(String address) {
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        boolean ipv4 = a.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = a.contains(":") && a.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
