package io.mcpoauth.login;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code mcp.oauth.login.mode=header}: the enterprise SSO gateway in front of the server authenticates
 * the user and passes the name in a header. The header is believed only when the request comes straight
 * from one of the trusted proxies; from anywhere else it is ignored, since any client can set a header.
 */
public final class HeaderLogin {

    private final String header;
    private final List<CidrRange> trusted;

    public HeaderLogin(String header, List<String> trustedProxies) {
        this.header = Objects.requireNonNull(header, "header");
        this.trusted = trustedProxies.stream().map(CidrRange::parse).toList();
    }

    public String header() {
        return header;
    }

    /**
     * @param headerValue   the header's value, or null
     * @param remoteAddress the address of the peer that sent the request
     */
    public Optional<String> subject(String headerValue, String remoteAddress) {
        if (headerValue == null || headerValue.isBlank() || !isTrusted(remoteAddress)) {
            return Optional.empty();
        }
        String subject = headerValue.trim();
        // Control characters in a user name can only be an attack on logs or pages.
        if (subject.length() > 256 || subject.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(subject);
    }

    public boolean isTrusted(String remoteAddress) {
        for (CidrRange range : trusted) {
            if (range.contains(remoteAddress)) {
                return true;
            }
        }
        return false;
    }
}
