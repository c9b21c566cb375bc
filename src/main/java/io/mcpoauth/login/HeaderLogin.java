package io.mcpoauth.login;

import io.mcpoauth.crypto.SharedSecret;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code mcp.oauth.login.mode=header}: the enterprise SSO gateway in front of the server authenticates
 * the user and passes the name in a header. The header is believed only when the request comes straight
 * from one of the trusted proxies; from anywhere else it is ignored, since any client can set a header.
 */
public final class HeaderLogin implements GatewayLogin {

    private final String header;
    private final List<CidrRange> trusted;
    private final String secretName;
    private final SharedSecret secret;
    private final String emailHeader;
    private final String groupsHeader;

    public HeaderLogin(String header, List<String> trustedProxies) {
        this(header, trustedProxies, "", "");
    }

    /**
     * @param secretName  a header the gateway must also send, proving the request passed through it even if
     *                    the network lets others reach the server from a trusted address; empty for none
     * @param secretValue the value it must carry
     */
    public HeaderLogin(String header, List<String> trustedProxies, String secretName, String secretValue) {
        this(header, trustedProxies, secretName, secretValue, "", "");
    }

    /**
     * @param emailHeader  the header carrying the user's e-mail address, or empty for none
     * @param groupsHeader the header carrying the user's groups, comma-separated, or empty for none
     */
    public HeaderLogin(String header, List<String> trustedProxies, String secretName, String secretValue,
            String emailHeader, String groupsHeader) {
        this.header = Objects.requireNonNull(header, "header");
        this.trusted = trustedProxies.stream().map(CidrRange::parse).toList();
        this.secretName = Objects.requireNonNull(secretName, "secretName");
        this.secret = new SharedSecret(Objects.requireNonNull(secretValue, "secretValue"));
        this.emailHeader = Objects.requireNonNull(emailHeader, "emailHeader");
        this.groupsHeader = Objects.requireNonNull(groupsHeader, "groupsHeader");
    }

    @Override
    public LoginMode mode() {
        return LoginMode.HEADER;
    }

    @Override
    public Optional<Authenticated> gatewayUser(LoginRequest request) {
        return user(request.headers(), request.remoteAddress());
    }

    /**
     * The user and the attributes the gateway sent with it, under the same conditions as {@link #subject}; empty
     * also when the attributes cannot be kept as sent (see {@link GatewayAttributes}). The attribute headers are
     * read only from a request whose user header is believed: the gateway must set or strip them on every request.
     */
    public Optional<Authenticated> user(UnaryOperator<String> headers, String remoteAddress) {
        Optional<String> subject = subject(headers, remoteAddress);
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        String email = emailHeader.isEmpty() ? null : headers.apply(emailHeader);
        List<String> groups = groupsHeader.isEmpty() ? List.of()
                : GatewayAttributes.splitHeader(headers.apply(groupsHeader));
        return GatewayAttributes.check(email, groups).map(a -> new Authenticated(subject.get(), a));
    }

    /**
     * The user from the request's headers: the identity header, believed only from a trusted proxy and, when
     * a shared secret is configured, only with the secret header carrying the right value.
     */
    public Optional<String> subject(UnaryOperator<String> headers, String remoteAddress) {
        if (!secretName.isEmpty() && !secret.matches(headers.apply(secretName))) {
            return Optional.empty();
        }
        return subjectOf(headers.apply(header), remoteAddress);
    }

    public String header() {
        return header;
    }

    /**
     * @param headerValue   the header's value, or null
     * @param remoteAddress the address of the peer that sent the request
     */
    public Optional<String> subjectOf(String headerValue, String remoteAddress) {
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
