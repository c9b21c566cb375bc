package io.mcpoauth.server;

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
 * @param clientId the client id (never null after parsing)
 * @param secret   the secret, or null for a public client
 * @param method   how it was presented
 */
public record ClientCredentials(String clientId, String secret, ClientAuthMethod method) {

    /**
     * Reads credentials from the {@code Authorization} header and the form. RFC 6749 2.3: a client must
     * not use more than one authentication method in a request.
     */
    public static ClientCredentials from(String authorizationHeader, Parameters form) {
        String formId = form.single("client_id");
        String formSecret = form.single("client_secret");
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
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
