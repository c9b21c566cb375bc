package io.mcpoauth.server;

import io.mcpoauth.jose.ClientAssertionVerifier;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.protocol.Parameters;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a client presented to authenticate at the token endpoint.
 *
 * @param clientId  the client id (never null after parsing)
 * @param secret    the secret, or null for a public client and an assertion
 * @param method    how it was presented
 * @param assertion the {@code client_assertion} JWT of {@link ClientAuthMethod#PRIVATE_KEY_JWT}, else null
 */
public record ClientCredentials(String clientId, String secret, ClientAuthMethod method, String assertion) {

    /** Credentials without an assertion. */
    public ClientCredentials(String clientId, String secret, ClientAuthMethod method) {
        this(clientId, secret, method, null);
    }

    /**
     * Reads credentials from the {@code Authorization} header and the form. RFC 6749 2.3: a client must
     * not use more than one authentication method in a request.
     */
    public static ClientCredentials from(String authorizationHeader, Parameters form) {
        String formId = form.single("client_id");
        String formSecret = form.single("client_secret");
        boolean basicHeader = authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6);
        String assertionType = form.single("client_assertion_type");
        String assertion = form.single("client_assertion");
        if (assertionType != null || assertion != null) {
            if (basicHeader || formSecret != null) {
                throw OAuthException.invalidRequest("use one client authentication method, not two");
            }
            return assertion(formId, assertionType, assertion);
        }
        if (basicHeader) {
            if (formSecret != null) {
                throw OAuthException.invalidRequest("use one client authentication method, not two");
            }
            ClientCredentials basic = basic(authorizationHeader.substring(6).trim());
            if (formId != null && !formId.equals(basic.clientId())) {
                throw OAuthException.invalidRequest("client_id does not match the Authorization header");
            }
            return basic;
        }
        if (formId == null) {
            throw OAuthException.invalidClient("client authentication is required");
        }
        return new ClientCredentials(formId, formSecret,
                formSecret == null ? ClientAuthMethod.NONE : ClientAuthMethod.CLIENT_SECRET_POST);
    }

    /**
     * RFC 7521 4.2, RFC 7523 2.2: the assertion names its client ({@code iss} and {@code sub}); {@code client_id}
     * may be left out, and when present must be that client (RFC 7523 3). The assertion is read here only to
     * learn the client it claims; it is verified by the authenticator.
     */
    private static ClientCredentials assertion(String formId, String type, String assertion) {
        if (type == null || assertion == null || assertion.isBlank()) {
            throw OAuthException.invalidRequest("client_assertion_type and client_assertion go together");
        }
        if (!ClientAssertionVerifier.TYPE.equals(type)) {
            // RFC 6749 5.2 invalid_request: "includes an unsupported parameter value".
            throw OAuthException.invalidRequest("unsupported client_assertion_type");
        }
        // RFC 7521 4.2.1: an assertion that is not valid is invalid_client.
        String claimed = ClientAssertionVerifier.claimedClient(assertion)
                .orElseThrow(() -> OAuthException.invalidClient("client_assertion does not name its client"));
        if (formId != null && !formId.equals(claimed)) {
            throw OAuthException.invalidClient("client_id does not match the client assertion");
        }
        return new ClientCredentials(claimed, null, ClientAuthMethod.PRIVATE_KEY_JWT, assertion);
    }

    /** RFC 6749 2.3.1: id and secret are form-encoded (application/x-www-form-urlencoded) before base64. */
    private static ClientCredentials basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthException.invalidClient("malformed Basic credentials");
        }
        try {
            String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            // The same caps as the form's client_id and client_secret: the id keys counters and audit lines.
            if (id.length() > ParameterLimits.maxLength("client_id")
                    || secret.length() > ParameterLimits.maxLength("client_secret")) {
                throw OAuthException.invalidRequest("Basic credentials are too long");
            }
            return new ClientCredentials(id, secret, ClientAuthMethod.CLIENT_SECRET_BASIC);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("malformed Basic credentials");
        }
    }
}
