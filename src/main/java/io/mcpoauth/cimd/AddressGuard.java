package io.mcpoauth.cimd;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses fetch targets that resolve to non-public addresses: loopback, private (RFC 1918, RFC 4193),
 * link-local (cloud metadata services live there), carrier-grade NAT, multicast, unspecified. Every address
 * a name resolves to must be public, so a name cannot mix a public and a private answer. The JVM's DNS cache
 * keeps the answer checked here for the connection that follows.
 */
final class AddressGuard {

    private final boolean allowPrivate;

    AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    void check(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new MetadataDocumentException("host does not resolve");
        }
        if (allowPrivate) {
            return;
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw new MetadataDocumentException("host resolves to a non-public address");
            }
        }
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            // 100.64.0.0/10 carrier-grade NAT, 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15 benchmarking, 240.0.0.0/4.
            return !(first == 100 && second >= 64 && second < 128) && first != 0
                    && !(first == 192 && second == 0 && (b[2] & 0xFF) == 0)
                    && !(first == 198 && (second == 18 || second == 19)) && first < 240;
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xFF;
            // fc00::/7 unique local; ::ffff:0:0/96 mapped IPv4 is checked as IPv4.
            if ((first & 0xFE) == 0xFC) {
                return false;
            }
            if (isMappedIpv4(b)) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isMappedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    }
}
