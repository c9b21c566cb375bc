package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.mcpoauth.cimd.TestHttpsServer;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ClientIdMetadataFlowTest {

    @AutoClose
    private static final TestHttpsServer server = TestHttpsServer.on("127.0.0.1");

    @Test
    void flowWhenClientIdIsMetadataUrlThenCodeExchangedAsPublicClient() {
        String url = server.url("/mcp-app/client.json");
        server.serve("/mcp-app/client.json", 200, "{\"client_id\":\"" + url + "\",\"client_name\":\"Doc App\","
                + "\"redirect_uris\":[\"http://127.0.0.1/cb\"]}", Map.of());
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.cimd.allow-private-addresses", "true"),
                server.client());
        assertEquals(true, f.metadata().metadata().get("client_id_metadata_document_supported"));
        String code = f.authorize(ProviderFixture.authorizeParams(url, "http://127.0.0.1:5555/cb"), "dora").get("code");
        Map<String, String> form = ProviderFixture.codeForm(code);
        form.put("client_id", url);
        assertNotNull(f.token(form, null).refreshToken());
    }

    @Test
    void authorizeWhenMetadataUrlOnPrivateAddressThenErrorPageNotRedirect() {
        String url = server.url("/mcp-app/private.json");
        server.serve("/mcp-app/private.json", 200, "{\"client_id\":\"" + url + "\",\"client_name\":\"x\","
                + "\"redirect_uris\":[\"http://127.0.0.1/cb\"]}", Map.of());
        ProviderFixture f = new ProviderFixture(Map.of(), server.client());
        OAuthException e = assertThrows(OAuthException.class, () -> f.validate(
                Parameters.of(ProviderFixture.authorizeParams(url, "http://127.0.0.1/cb"))));
        assertFalse(e instanceof AuthorizationRedirectException);
        assertEquals("invalid_client", e.error().code());
    }

    @Test
    void flowWhenDocumentDeclaresPrivateKeyJwtThenCodeExchangedOnlyWithAnAssertion() {
        String url = server.url("/mcp-app/signing.json");
        server.serve("/mcp-app/signing.json", 200, "{\"client_id\":\"" + url + "\",\"client_name\":\"Signing\","
                + "\"redirect_uris\":[\"http://127.0.0.1/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\","
                + "\"jwks\":" + new JWKSet(PrivateKeyJwtTest.RSA.toPublicJWK()) + "}", Map.of());
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.cimd.allow-private-addresses", "true"),
                server.client());
        String code = f.authorize(ProviderFixture.authorizeParams(url, "http://127.0.0.1:5555/cb"), "dora").get("code");
        Map<String, String> idOnly = ProviderFixture.codeForm(code);
        idOnly.put("client_id", url);
        assertEquals("invalid_client", assertThrows(OAuthException.class, () -> f.token(idOnly, null)).error().code());

        Instant now = f.clock.instant();
        String assertion = PrivateKeyJwtTest.sign(PrivateKeyJwtTest.RSA, new JWTClaimsSet.Builder().issuer(url)
                .subject(url).audience("https://as.example.com").jwtID("doc-1")
                .expirationTime(Date.from(now.plusSeconds(60))).build());
        Map<String, String> signed = PrivateKeyJwtTest.withAssertion(ProviderFixture.codeForm(code), assertion);
        assertNotNull(f.token(signed, null).accessToken());
    }

    @Test
    void metadataWhenDocumentsDisabledThenNotAdvertised() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.cimd.enabled", "false"));
        assertFalse(f.metadata().metadata().containsKey("client_id_metadata_document_supported"));
    }
}
