package io.mcpoauth.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A minimal OpenID Connect provider for the container login tests: discovery, an authorization endpoint that
 * signs in the current test user at once (no page), a token endpoint for the authorization code with
 * {@code client_secret_basic} or {@code client_secret_post}, and its RS256 key set. Tokens carry the user's roles
 * the Keycloak way ({@code realm_access.roles}), which WildFly's {@code elytron-oidc-client} reads, and as the ID
 * token's {@code groups}, which Liberty's {@code openidConnectClient} reads.
 */
final class TestOidcProvider implements AutoCloseable {

    private final HttpServer server;
    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final RSAKey key;
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    private volatile String user = "nobody";
    private volatile List<String> roles = List.of();

    TestOidcProvider(int port, String clientId, String clientSecret) throws IOException, JOSEException {
        this(port, clientId, clientSecret, null);
    }

    /** @param tls the certificate to serve https with, or null for http */
    TestOidcProvider(int port, String clientId, String clientSecret, SSLContext tls) throws IOException, JOSEException {
        this.issuer = (tls == null ? "http" : "https") + "://localhost:" + port;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.key = new RSAKeyGenerator(2048).keyID("test-1").keyUse(KeyUse.SIGNATURE).generate();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        if (tls == null) {
            this.server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", x -> send(x, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.start();
    }

    String issuer() {
        return issuer;
    }

    /** Whom the next authorization signs in, with these roles. */
    void signInAs(String name, List<String> userRoles) {
        this.user = name;
        this.roles = List.copyOf(userRoles);
    }

    private void discovery(HttpExchange x) throws IOException {
        send(x, 200, "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\"],"
                + "\"scopes_supported\":[\"openid\",\"profile\",\"email\"]}");
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        if (!clientId.equals(q.get("client_id")) || q.get("redirect_uri") == null) {
            send(x, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        Map<String, String> grant = new HashMap<>(q);
        grant.put("user", user);
        grant.put("roles", String.join(",", roles));
        codes.put(code, grant);
        String location = q.get("redirect_uri") + (q.get("redirect_uri").contains("?") ? "&" : "?") + "code=" + code
                + (q.get("state") == null ? "" : "&state=" + Http.enc(q.get("state")));
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String presented = f.get("client_secret");
        if (auth != null && auth.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            presented = pair.length == 2 && clientId.equals(URLDecoder.decode(pair[0], StandardCharsets.UTF_8))
                    ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        Map<String, String> grant = f.get("code") == null ? null : codes.remove(f.get("code"));
        if (!clientSecret.equals(presented) || grant == null
                || !grant.get("redirect_uri").equals(f.get("redirect_uri"))) {
            send(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            Instant now = Instant.now();
            List<String> granted = grant.get("roles").isEmpty() ? List.of() : List.of(grant.get("roles").split(","));
            JWTClaimsSet common = new JWTClaimsSet.Builder().issuer(issuer).subject("sub-" + grant.get("user"))
                    .audience(clientId).claim("preferred_username", grant.get("user")).claim("azp", clientId)
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build();
            String access = sign(new JWTClaimsSet.Builder(common).claim("typ", "Bearer")
                    .claim("realm_access", Map.of("roles", granted)).build());
            JWTClaimsSet.Builder id = new JWTClaimsSet.Builder(common).claim("typ", "ID").claim("groups", granted);
            if (grant.get("nonce") != null) {
                id.claim("nonce", grant.get("nonce"));
            }
            send(x, 200, "{\"access_token\":\"" + access + "\",\"id_token\":\"" + sign(id.build())
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
        } catch (JOSEException e) {
            throw new IOException(e);
        }
    }

    private String sign(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.getResponseHeaders().add("Cache-Control", "no-store");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
