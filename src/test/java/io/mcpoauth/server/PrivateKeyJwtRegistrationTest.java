package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import io.mcpoauth.cimd.TestHttpsServer;
import io.mcpoauth.jose.ClientAssertionVerifier;
import io.mcpoauth.jose.TestKeys;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.ClientRecord;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Registering a {@code private_key_jwt} client (RFC 7591 2: {@code jwks} or {@code jwks_uri}, never both) and
 * authenticating it afterwards; its {@code jwks_uri} is fetched through the guarded fetcher, and only from the
 * loopback test server, when private addresses are allowed.
 */
class PrivateKeyJwtRegistrationTest {

    private static final RSAKey KEY = TestKeys.rsa("reg-1");
    @AutoClose
    private static final TestHttpsServer server = TestHttpsServer.on("127.0.0.1");

    private final ProviderFixture f = new ProviderFixture();

    private static Map<String, Object> metadata() {
        Map<String, Object> m = new HashMap<>();
        m.put("redirect_uris", List.of("https://app.example.com/cb"));
        m.put("token_endpoint_auth_method", "private_key_jwt");
        m.put("client_name", "signing app");
        return m;
    }

    /** A JWK set as the registration endpoint's JSON parser hands it over. */
    private static Map<String, Object> jwks(JWK... keys) {
        try {
            return JSONObjectUtils.parse(new JWKSet(List.of(keys)).toString(false));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String assertion(ProviderFixture f, String clientId) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                .audience("https://as.example.com/token").jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(f.clock.instant().plusSeconds(60))).issueTime(Date.from(f.clock.instant()))
                .build();
        return TestKeys.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(KEY.getKeyID()), claims);
    }

    /** Revokes an unknown token: answered like a success only when the client authenticated. */
    private static void revokeAs(ProviderFixture f, String clientId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "no-such-token");
        form.put("client_assertion_type", ClientAssertionVerifier.TYPE);
        form.put("client_assertion", assertion(f, clientId));
        f.revocation().revoke(ProviderFixture.form(form), null, RequestContext.UNKNOWN);
    }

    private String refusal(Map<String, Object> md) {
        return assertThrows(OAuthException.class, () -> f.register(md, null, RequestContext.UNKNOWN)).error().code();
    }

    @Test
    void registerWhenJwksThenEchoedStoredAndAssertionsAccepted() throws ParseException {
        Map<String, Object> md = metadata();
        md.put("jwks", jwks(KEY.toPublicJWK()));
        Map<String, Object> r = f.register(md, null, RequestContext.UNKNOWN);
        assertEquals("private_key_jwt", r.get("token_endpoint_auth_method"));
        assertFalse(r.containsKey("client_secret"));
        assertEquals(jwks(KEY.toPublicJWK()), r.get("jwks"));
        String id = (String) r.get("client_id");
        ClientRecord stored = f.storage.clients().find(id, f.clock.instant()).orElseThrow();
        assertEquals("", stored.secretHash());
        assertEquals(KEY.toPublicJWK(), JWKSet.parse(stored.keys().jwks()).getKeyByKeyId("reg-1").toPublicJWK());
        revokeAs(f, id);
    }

    @Test
    void registerWhenJwksUriOnLoopbackThenFetchedOnceThroughTheGuardAndAccepted() {
        AtomicInteger fetches = new AtomicInteger();
        server.handle("/keys/reg.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ProviderFixture local = new ProviderFixture(Map.of("mcp.oauth.cimd.allow-private-addresses", "true"),
                server.client());
        Map<String, Object> md = metadata();
        md.put("jwks_uri", server.url("/keys/reg.json"));
        Map<String, Object> r = local.register(md, null, RequestContext.UNKNOWN);
        assertEquals(server.url("/keys/reg.json"), r.get("jwks_uri"));
        String id = (String) r.get("client_id");
        revokeAs(local, id);
        revokeAs(local, id);
        assertEquals(1, fetches.get(), "the key source is kept per client, its JWK set cached");
    }

    @Test
    void authenticateWhenRegisteredJwksUriIsPrivateAddressThenInvalidClientWithoutFetching() {
        AtomicInteger fetches = new AtomicInteger();
        server.handle("/keys/private.json", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        ProviderFixture guarded = new ProviderFixture(Map.of(), server.client());
        Map<String, Object> md = metadata();
        md.put("jwks_uri", server.url("/keys/private.json"));
        String id = (String) guarded.register(md, null, RequestContext.UNKNOWN).get("client_id");
        OAuthException e = assertThrows(OAuthException.class, () -> revokeAs(guarded, id));
        assertEquals("invalid_client", e.error().code());
        assertEquals(0, fetches.get(), "the address guard refuses loopback before connecting");
    }

    @Test
    void registerWhenJwksAndJwksUriThenInvalidClientMetadata() {
        Map<String, Object> md = metadata();
        md.put("jwks", jwks(KEY.toPublicJWK()));
        md.put("jwks_uri", "https://app.example.com/jwks.json");
        assertEquals("invalid_client_metadata", refusal(md));
    }

    @Test
    void registerWhenPrivateKeyJwtWithoutKeysThenInvalidClientMetadata() {
        assertEquals("invalid_client_metadata", refusal(metadata()));
    }

    @Test
    void registerWhenJwksUriNotHttpsThenInvalidClientMetadata() {
        for (String uri : List.of("http://app.example.com/jwks.json", "https://user:pw@app.example.com/jwks",
                "https://app.example.com/jwks#frag", "ftp://app.example.com/jwks", "https://" + "a".repeat(2100))) {
            Map<String, Object> md = metadata();
            md.put("jwks_uri", uri);
            assertEquals("invalid_client_metadata", refusal(md), uri);
        }
        Map<String, Object> notText = metadata();
        notText.put("jwks_uri", List.of("https://app.example.com/jwks.json"));
        assertEquals("invalid_client_metadata", refusal(notText));
    }

    @Test
    void registerWhenJwksHasPrivateSymmetricOrTooManyKeysThenInvalidClientMetadata() throws Exception {
        Map<String, Object> withPrivate = metadata();
        withPrivate.put("jwks", jwks(KEY));
        assertEquals("invalid_client_metadata", refusal(withPrivate));

        Map<String, Object> symmetric = metadata();
        symmetric.put("jwks", jwks(new OctetSequenceKey.Builder(new byte[32]).keyID("k").build()));
        assertEquals("invalid_client_metadata", refusal(symmetric));

        List<JWK> many = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            many.add(TestKeys.ec("ec-" + i).toPublicJWK());
        }
        Map<String, Object> tooMany = metadata();
        tooMany.put("jwks", jwks(many.toArray(JWK[]::new)));
        assertEquals("invalid_client_metadata", refusal(tooMany));

        Map<String, Object> notAnObject = metadata();
        notAnObject.put("jwks", "{\"keys\":[]}");
        assertEquals("invalid_client_metadata", refusal(notAnObject));

        Map<String, Object> singleKey = metadata();
        singleKey.put("jwks", JSONObjectUtils.parse(KEY.toPublicJWK().toJSONString()));
        assertEquals("invalid_client_metadata", refusal(singleKey), "a JWK set, not a bare JWK");
    }

    @Test
    void registerWhenSecretOrPublicClientSendsKeysThenInvalidClientMetadata() {
        for (String method : List.of("client_secret_basic", "none")) {
            Map<String, Object> md = metadata();
            md.put("token_endpoint_auth_method", method);
            md.put("jwks", jwks(KEY.toPublicJWK()));
            assertEquals("invalid_client_metadata", refusal(md), method);
        }
    }
}
