package io.mcpoauth.protocol;

/**
 * The one place that says which host names in a URL mean "this machine". RFC 8252 8.3 prefers loopback IP
 * literals to {@code localhost}; RFC 6761 6.3 reserves {@code localhost} for the loopback interface.
 */
public final class Loopback {

    private Loopback() {
    }

    /** {@code localhost}, an IPv4 loopback literal (127.0.0.0/8) or {@code [::1]}: a URL host on this machine. */
    public static boolean isHost(String host) {
        return host != null && ("localhost".equalsIgnoreCase(host) || isIpLiteral(host)
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"));
    }

    /**
     * {@code 127.0.0.1} or {@code [::1]} exactly: the loopback redirect hosts on which RFC 8252 7.3 lets the
     * port vary between registration and request.
     */
    public static boolean isIpLiteral(String host) {
        return "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    /** Where a redirect URI may use plain http (RFC 8252 7.3, 8.3): a loopback IP literal, or {@code localhost}. */
    public static boolean isRedirectHost(String host) {
        return isIpLiteral(host) || "localhost".equals(host);
    }
}
