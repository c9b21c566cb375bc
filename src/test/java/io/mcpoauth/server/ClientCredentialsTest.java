package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.mcpoauth.jose.ClientAssertionVerifier;
import io.mcpoauth.jose.TestKeys;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.protocol.Parameters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    private static final ECKey KEY = TestKeys.ec("cc");

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fromWhenBasicIdLongerThanFormCapThenInvalidRequest() {
        OAuthException e = assertThrows(OAuthException.class,
                () -> ClientCredentials.from(basic("a".repeat(2049), "s"), Parameters.of(Map.of())));
        assertEquals("invalid_request", e.error().code());
    }

    @Test
    void fromWhenBasicSecretLongerThanFormCapThenInvalidRequest() {
        OAuthException e = assertThrows(OAuthException.class,
                () -> ClientCredentials.from(basic("app", "s".repeat(1025)), Parameters.of(Map.of())));
        assertEquals("invalid_request", e.error().code());
    }

    @Test
    void fromWhenBasicWithinCapsThenRead() {
        ClientCredentials c = ClientCredentials.from(basic("a".repeat(2048), "s".repeat(1024)), Parameters.of(Map.of()));
        assertEquals(2048, c.clientId().length());
        assertEquals("client_secret_basic", c.method().value());
    }

    private static String assertion(String iss, String sub) {
        return TestKeys.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.ES256),
                new JWTClaimsSet.Builder().issuer(iss).subject(sub).jwtID("j").build());
    }

    private static Map<String, String> assertionForm(String assertion) {
        Map<String, String> form = new HashMap<>();
        form.put("client_assertion_type", ClientAssertionVerifier.TYPE);
        form.put("client_assertion", assertion);
        return form;
    }

    private static String code(Map<String, String> form, String header) {
        return assertThrows(OAuthException.class, () -> ClientCredentials.from(header, Parameters.of(form)))
                .error().code();
    }

    @Test
    void fromWhenAssertionThenClientReadFromItAndClientIdOptional() {
        ClientCredentials c = ClientCredentials.from(null, Parameters.of(assertionForm(assertion("m", "m"))));
        assertEquals("m", c.clientId());
        assertEquals(ClientAuthMethod.PRIVATE_KEY_JWT, c.method());
        assertNull(c.secret());
        Map<String, String> named = assertionForm(assertion("m", "m"));
        named.put("client_id", "m");
        assertEquals("m", ClientCredentials.from(null, Parameters.of(named)).clientId());
    }

    @Test
    void fromWhenAssertionNamesNoClientOrAnotherThanClientIdThenInvalidClient() {
        assertEquals("invalid_client", code(assertionForm(assertion("m", "other")), null));
        assertEquals("invalid_client", code(assertionForm("garbage"), null));
        Map<String, String> mismatch = assertionForm(assertion("m", "m"));
        mismatch.put("client_id", "other");
        assertEquals("invalid_client", code(mismatch, null));
    }

    @Test
    void fromWhenAssertionWithSecretOrBasicOrUnknownTypeOrHalfMissingThenInvalidRequest() {
        Map<String, String> secret = assertionForm(assertion("m", "m"));
        secret.put("client_secret", "s");
        assertEquals("invalid_request", code(secret, null));
        assertEquals("invalid_request", code(assertionForm(assertion("m", "m")), basic("m", "s")));
        Map<String, String> saml = assertionForm(assertion("m", "m"));
        saml.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
        assertEquals("invalid_request", code(saml, null));
        assertEquals("invalid_request", code(Map.of("client_assertion", assertion("m", "m")), null));
        assertEquals("invalid_request", code(Map.of("client_assertion_type", ClientAssertionVerifier.TYPE,
                "client_id", "m"), null));
    }

    @Test
    void limitsWhenAssertionLongerThanVerifierAcceptsThenInvalidRequest() {
        assertEquals(ClientAssertionVerifier.MAX_LENGTH, ParameterLimits.maxLength("client_assertion"));
        assertEquals("invalid_request", assertThrows(OAuthException.class, () -> ParameterLimits.check(
                Map.of("client_assertion", List.of("a".repeat(ClientAssertionVerifier.MAX_LENGTH + 1))))).error().code());
        assertEquals("invalid_request", assertThrows(OAuthException.class, () -> ParameterLimits.check(
                Map.of("client_assertion_type", List.of("u".repeat(129))))).error().code());
    }
}
