package io.mcpoauth.cimd;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Looks a fetch target up once and refuses it unless every address it has is public: not loopback, private
 * (RFC 1918, RFC 4193), link-local (cloud metadata services live there), carrier-grade NAT, multicast,
 * unspecified, documentation or reserved, and no IPv6 prefix that carries an IPv4 address inside it. Every
 * address must be public, so a name cannot mix a public and a private answer. The caller connects only to
 * the addresses returned here: there is no second lookup for a rebinding name server to answer differently.
 */
final class AddressGuard {

    private final boolean allowPrivate;
    private final FetchTransport.Resolver dns;

    AddressGuard(boolean allowPrivate, FetchTransport.Resolver dns) {
        this.allowPrivate = allowPrivate;
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    /** The checked addresses of {@code host} (a name, an IPv4 literal or a bracketed IPv6 literal). */
    List<InetAddress> resolve(String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = dns.resolve(name);
        } catch (UnknownHostException e) {
            throw new MetadataDocumentException("host does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new MetadataDocumentException("host does not resolve");
        }
        for (InetAddress a : addresses) {
            if (!allowPrivate && !isPublic(a)) {
                throw new MetadataDocumentException("host resolves to a non-public address " + a.getHostAddress(),
                        FetchListener.Outcome.REFUSED);
            }
        }
        return List.of(addresses);
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return isPublicIpv4(b);
        }
        return a instanceof Inet6Address && isPublicIpv6(b);
    }

    private static boolean isPublicIpv4(byte[] b) {
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        int third = b[2] & 0xFF;
        // 0.0.0.0/8, 100.64.0.0/10 carrier-grade NAT, 192.0.0.0/24 protocol assignments, 192.0.2.0/24,
        // 198.51.100.0/24 and 203.0.113.0/24 documentation, 198.18.0.0/15 benchmarking, 240.0.0.0/4 (RFC 6890).
        return first != 0 && !(first == 100 && second >= 64 && second < 128)
                && !(first == 192 && second == 0 && (third == 0 || third == 2))
                && !(first == 198 && (second == 18 || second == 19)) && !(first == 198 && second == 51 && third == 100)
                && !(first == 203 && second == 0 && third == 113) && first < 240;
    }

    private static boolean isPublicIpv6(byte[] b) {
        int w0 = word(b, 0);
        int w1 = word(b, 2);
        int w2 = word(b, 4);
        if ((w0 & 0xFE00) == 0xFC00 || (w0 & 0xFFC0) == 0xFEC0) {
            return false; // fc00::/7 unique local (RFC 4193), fec0::/10 old site-local
        }
        if (isZero(b, 0, 10) && word(b, 10) == 0xFFFF) {
            return isPublicIpv4(new byte[] {b[12], b[13], b[14], b[15]}); // ::ffff:0:0/96 mapped (RFC 4291 2.5.5.2)
        }
        // Prefixes that reach an IPv4 address, so an IPv4 check cannot be skipped through them (RFC 6890):
        // ::/96 IPv4-compatible, 64:ff9b::/96 and 64:ff9b:1::/48 NAT64 (RFC 6052, RFC 8215), 2002::/16 6to4
        // (RFC 3056), 2001::/32 Teredo (RFC 4380); and 2001:db8::/32 documentation, 100::/64 discard-only.
        boolean ipv4Compatible = isZero(b, 0, 12);
        boolean nat64 = w0 == 0x0064 && w1 == 0xFF9B && (isZero(b, 4, 12) || w2 == 0x0001);
        boolean sixToFour = w0 == 0x2002;
        boolean teredo = w0 == 0x2001 && w1 == 0x0000;
        boolean documentation = w0 == 0x2001 && w1 == 0x0DB8;
        boolean discard = w0 == 0x0100 && isZero(b, 2, 8);
        return !(ipv4Compatible || nat64 || sixToFour || teredo || documentation || discard);
    }

    private static int word(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
