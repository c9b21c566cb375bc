package io.mcpoauth.web;

import io.mcpoauth.login.CidrRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The address a request counts as coming from: the peer's, or, when the peer is a trusted reverse proxy, the
 * address the proxies recorded in their forwarding header ({@code X-Forwarded-For}, or {@code Forwarded} of
 * RFC 7239 4's {@code for=}). Each proxy appends the address it received the request from, so the entries are
 * read from the right and the first that is not itself a trusted proxy is the client: everything to its left
 * was written by the client or by proxies nobody vouches for. An entry that is not an IP literal ({@code unknown},
 * an obfuscated name, garbage) stops the walk at the last trusted proxy, which is then counted as the client.
 *
 * <p>Only the last {@value #MAX_CHARS} characters of the header and at most {@value #MAX_HOPS} entries are read, and
 * no name is ever resolved. The result is always a normalised IP literal.
 */
final class ClientAddress {

    static final int MAX_CHARS = 2048;
    static final int MAX_HOPS = 16;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    private final List<CidrRange> trusted;
    private final String header;

    ClientAddress(ForwardedSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.trusted = settings.trustedProxies();
        this.header = settings.header();
    }

    /** Whether any proxy is trusted: without one, the peer's address is always the answer. */
    boolean enabled() {
        return !trusted.isEmpty();
    }

    /** The header the trusted proxies set. */
    String header() {
        return header;
    }

    /**
     * @param peer   the address of the peer that sent the request
     * @param values the values of every line of the forwarding header, in order
     */
    String resolve(String peer, Enumeration<String> values) {
        String client = literal(peer);
        if (client == null || !isTrusted(client) || values == null || !values.hasMoreElements()) {
            return peer;
        }
        for (String entry : lastEntries(values)) {
            String hop = literal(ForwardedSettings.FORWARDED.equals(header) ? forValue(entry) : entry);
            if (hop == null) {
                break;
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        for (CidrRange range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The header's last entries, right-most first: the lines joined with commas (RFC 9110 5.3), cut to the last
     * {@link #MAX_CHARS} characters (the first, possibly partial, entry of a cut value dropped) and to
     * {@link #MAX_HOPS} entries.
     */
    private static List<String> lastEntries(Enumeration<String> values) {
        StringBuilder joined = new StringBuilder();
        while (values.hasMoreElements()) {
            String v = values.nextElement();
            if (v == null) {
                continue;
            }
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(v.length() > MAX_CHARS ? v.substring(v.length() - MAX_CHARS - 1) : v);
            if (joined.length() > MAX_CHARS) {
                joined.delete(0, joined.length() - MAX_CHARS - 1);
            }
        }
        boolean cut = joined.length() > MAX_CHARS;
        String[] parts = joined.toString().split(",", -1);
        List<String> out = new ArrayList<>();
        for (int i = parts.length - 1; i >= (cut ? 1 : 0) && out.size() < MAX_HOPS; i--) {
            out.add(parts[i].trim());
        }
        return out;
    }

    /** The {@code for=} parameter of one RFC 7239 element ({@code for=192.0.2.1;proto=https}), or null. */
    private static String forValue(String element) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                String v = pair.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    /**
     * The normalised IP literal of a node: {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code 2001:db8::1},
     * {@code [2001:db8::1]} or {@code [2001:db8::1]:8080}; null for anything else, without any lookup.
     */
    static String literal(String node) {
        if (node == null || node.isEmpty() || node.length() > 64) {
            return null;
        }
        String a = node;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 0) {
                return null;
            }
            a = a.substring(1, end);
        } else if (a.indexOf(':') > 0 && a.indexOf(':') == a.lastIndexOf(':')) {
            a = a.substring(0, a.indexOf(':'));
        }
        try {
            if (IPV4.matcher(a).matches()) {
                byte[] bytes = new byte[4];
                String[] octets = a.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int n = Integer.parseInt(octets[i]);
                    if (n > 255) {
                        return null;
                    }
                    bytes[i] = (byte) n;
                }
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            // With a colon in it, the name is parsed as an IPv6 literal or refused, never looked up.
            return a.indexOf(':') >= 0 && IPV6.matcher(a).matches() ? InetAddress.getByName(a).getHostAddress() : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
