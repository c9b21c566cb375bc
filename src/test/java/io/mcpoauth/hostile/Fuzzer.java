package io.mcpoauth.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The requests of the seeded fuzz pass: first every path with every method and no parameters, then random
 * requests (random and malformed parameters, repeats, bad percent-encodings, bytes that are not UTF-8, odd
 * methods, content types and sizes). The same seed gives the same requests, in the same order.
 */
final class Fuzzer {

    /** A path and the parameter names its endpoint reads. */
    record Endpoint(String path, List<String> params) {
    }

    private static final List<String> AUTHORIZE = List.of("response_type", "client_id", "redirect_uri", "state",
            "scope", "code_challenge", "code_challenge_method", "resource", "prompt", "nonce", "request",
            "request_uri", "response_mode");
    private static final List<String> TOKEN = List.of("grant_type", "code", "redirect_uri", "code_verifier",
            "client_id", "client_secret", "refresh_token", "scope", "resource", "client_assertion",
            "client_assertion_type");
    private static final List<String> TOKEN_USE = List.of("token", "token_type_hint", "client_id", "client_secret");
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/authorize", AUTHORIZE),
            new Endpoint("/token", TOKEN),
            new Endpoint("/register", List.of("redirect_uris", "client_name")),
            new Endpoint("/revoke", TOKEN_USE),
            new Endpoint("/introspect", TOKEN_USE),
            new Endpoint("/consent", List.of("request", "csrf", "decision")),
            new Endpoint("/login", List.of("request", "username", "password", "csrf")),
            new Endpoint("/login/container", List.of("request")),
            new Endpoint("/.well-known/oauth-authorization-server", List.of("x")),
            new Endpoint("/.well-known/oauth-authorization-server/extra", List.of("x")),
            new Endpoint("/.well-known/openid-configuration", List.of("x")),
            new Endpoint("/.well-known/oauth-protected-resource", List.of("x")),
            new Endpoint("/admin/export", List.of("x")),
            new Endpoint("/admin/import", List.of("x")),
            new Endpoint("/admin/consents/revoke", List.of("subject", "client_id")),
            new Endpoint("/admin", List.of("x")),
            new Endpoint("/health", List.of("x")),
            new Endpoint("/health/ready", List.of("x")),
            new Endpoint("/health/live", List.of("x")),
            new Endpoint("/", List.of("x")),
            new Endpoint("/no-such-endpoint", List.of("x")),
            new Endpoint("/authorize/extra/segments", AUTHORIZE),
            new Endpoint("/token;jsessionid=0", TOKEN),
            new Endpoint("//token", TOKEN),
            new Endpoint("/%2e%2e/%2e%2e/etc/passwd", List.of("x")),
            new Endpoint("/WEB-INF/web.xml", List.of("x")),
            new Endpoint("/META-INF/MANIFEST.MF", List.of("x")),
            new Endpoint("/openapi", List.of("x")),
            new Endpoint("/metrics", List.of("x")));
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD",
            "TRACE", "PROPFIND", "FOO");
    private static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8", "application/x-www-form-urlencoded; charset=bogus",
            "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/json",
            "application/json; charset=utf-16", "multipart/form-data; boundary=b0undary", "multipart/form-data",
            "text/plain", "application/x-ndjson", "application/xml", "*/*", "}{;;garbage", "application/",
            "application/x-www-form-urlencoded, application/json");
    private static final List<String> BAD_ESCAPES = List.of("%", "%G1", "%zz", "%e2%82", "%C3%28", "%FF%FE",
            "%00", "%%", "%u0041", "%C0%AF", "%ED%A0%80");
    private static final List<String> REGISTRATION_KEYS = List.of("redirect_uris", "token_endpoint_auth_method",
            "grant_types", "response_types", "client_name", "client_uri", "logo_uri", "scope", "contacts",
            "tos_uri", "policy_uri", "jwks_uri", "jwks", "software_id", "software_version", "client_id",
            "client_secret", "client_secret_expires_at");

    private final FuzzValues values;
    private final Random random;
    private final String adminToken;

    /**
     * @param seed       the seed of everything random here
     * @param documents  loopback metadata-document URLs a client id may name
     * @param adminToken the server's admin token: sent only where an authenticated call cannot change the
     *                   clients the legitimate flow uses (export, consent revocation, an import whose first line
     *                   is malformed)
     */
    Fuzzer(long seed, List<String> documents, String adminToken) {
        this.random = new Random(seed);
        this.values = new FuzzValues(random, documents);
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
    }

    /** The sweep of every path and method, then random requests up to {@code count} in all. */
    List<Request> requests(int count) {
        List<Request> all = new ArrayList<>();
        for (Endpoint e : ENDPOINTS) {
            for (String method : METHODS) {
                all.add(new Request(method, e.path().getBytes(StandardCharsets.UTF_8), List.of(), null,
                        method + " " + e.path() + " (sweep)"));
            }
        }
        while (all.size() < count) {
            all.add(random());
        }
        return all;
    }

    private Request random() {
        Endpoint endpoint = values.pick(ENDPOINTS);
        String usual = endpoint.path().startsWith("/authorize") || endpoint.path().startsWith("/admin/export")
                || endpoint.path().startsWith("/.well-known") || endpoint.path().startsWith("/health") ? "GET" : "POST";
        String method = random.nextInt(100) < 70 ? (random.nextInt(5) == 0 ? "POST" : usual) : values.pick(METHODS);
        Map<String, List<String>> params = params(endpoint);
        boolean hasBody = !List.of("GET", "HEAD", "TRACE", "OPTIONS").contains(method) || random.nextInt(10) == 0;
        boolean inQuery = !hasBody || random.nextInt(4) == 0;
        StringBuilder label = new StringBuilder(method).append(' ').append(endpoint.path());
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        target.writeBytes(endpoint.path().getBytes(StandardCharsets.UTF_8));
        if (inQuery && !params.isEmpty()) {
            target.write('?');
            target.writeBytes(encode(params));
            label.append(" query").append(describe(params));
        }
        List<String[]> headers = headers(endpoint);
        Request.Payload body = null;
        if (hasBody) {
            String contentType = random.nextInt(12) == 0 ? null : values.pick(CONTENT_TYPES);
            if (contentType != null) {
                headers.add(new String[] {"Content-Type", contentType});
            }
            Map<String, List<String>> bodyParams = inQuery ? params(endpoint) : params;
            String shape = bodyShape(endpoint, contentType);
            body = body(shape, bodyParams);
            label.append(" body[").append(contentType == null ? "no content type" : contentType).append(", ")
                    .append(shape).append(shape.equals("form") ? describe(bodyParams) : "").append(']');
        }
        headers.forEach(h -> label.append(" ").append(h[0]).append(": ")
                .append(RawHttp.abbreviate(h[1].replace(adminToken, "<admin token>"), 40)));
        return new Request(method, target.toByteArray(), headers, body, label.toString());
    }

    private Map<String, List<String>> params(Endpoint endpoint) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        int n = random.nextInt(9);
        for (int i = 0; i < n; i++) {
            String name = values.name(endpoint.params());
            String value = name.equals("client_id") ? values.clientId() : values.value();
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            if (random.nextInt(7) == 0) {
                params.get(name).add(values.value());
            }
        }
        return params;
    }

    /** Form encoding, now and then broken: bad escapes, raw bytes that are not UTF-8, stray separators. */
    private byte[] encode(Map<String, List<String>> params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean first = true;
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            for (String v : e.getValue()) {
                if (!first) {
                    out.write('&');
                }
                first = false;
                out.writeBytes(Request.enc(e.getKey()).getBytes(StandardCharsets.US_ASCII));
                if (random.nextInt(12) != 0) {
                    out.write('=');
                }
                out.writeBytes(Request.enc(v).getBytes(StandardCharsets.US_ASCII));
                int corrupt = random.nextInt(20);
                if (corrupt == 0) {
                    out.writeBytes(values.pick(BAD_ESCAPES).getBytes(StandardCharsets.US_ASCII));
                } else if (corrupt == 1) {
                    out.write(0xC3);
                    out.write(0x28);
                    out.write(0xFF);
                } else if (corrupt == 2) {
                    out.writeBytes("&&=&".getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return out.toByteArray();
    }

    private String bodyShape(Endpoint endpoint, String contentType) {
        int kind = random.nextInt(100);
        if (kind < 4) {
            return "big";
        }
        if (kind < 7) {
            return "deeply nested json";
        }
        if (kind < 10) {
            return "binary";
        }
        if (contentType != null && contentType.startsWith("multipart") && kind < 70) {
            return "multipart";
        }
        if ((endpoint.path().equals("/register") || contentType != null && contentType.contains("json")) && kind < 75) {
            return "json";
        }
        if (endpoint.path().equals("/admin/import") && kind < 60) {
            return "ndjson";
        }
        return "form";
    }

    private Request.Payload body(String shape, Map<String, List<String>> params) {
        switch (shape) {
            case "big":
                return Request.Payload.generated("client_id=", (byte) 'a', "&grant_type=authorization_code",
                        1_000_000 + random.nextInt(3_000_000), random.nextBoolean());
            case "deeply nested json":
                int depth = 2_000 + random.nextInt(8_000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                return Request.Payload.of((random.nextBoolean() ? "{\"redirect_uris\":" : "") + open.repeat(depth));
            case "binary":
                byte[] bytes = new byte[random.nextInt(8_192)];
                random.nextBytes(bytes);
                return Request.Payload.of(bytes);
            case "multipart":
                return Request.Payload.of(multipart(params));
            case "json":
                return Request.Payload.of(json());
            case "ndjson":
                // A malformed first line: nothing is imported, whoever sends it.
                return Request.Payload.of(values.pick(List.of("{", "not json", "{\"kind\":", "[".repeat(5_000)))
                        + "\n" + json() + "\n");
            default:
                return Request.Payload.of(encode(params));
        }
    }

    private String multipart(Map<String, List<String>> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, vs) -> vs.forEach(v -> b.append("--b0undary\r\nContent-Disposition: form-data; name=\"")
                .append(k).append("\"\r\n\r\n").append(v).append("\r\n")));
        if (random.nextBoolean()) {
            b.append("--b0undary--\r\n");
        }
        return b.toString();
    }

    /** A registration-shaped JSON object with members of random types, now and then truncated. */
    private String json() {
        List<String> members = new ArrayList<>();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            String key = random.nextInt(5) == 0 ? FuzzValues.safe(values.randomString("abcxyz_", 6))
                    : values.pick(REGISTRATION_KEYS);
            members.add(jsonString(key) + ":" + jsonValue(key, 0));
        }
        String json = "{" + String.join(",", members) + "}";
        if (random.nextInt(10) == 0) {
            json = json.substring(0, random.nextInt(json.length()));
        }
        return json;
    }

    private String jsonValue(String key, int depth) {
        int kind = random.nextInt(depth > 2 ? 5 : 8);
        switch (kind) {
            case 0:
                return key.endsWith("_uri") || key.endsWith("_uris")
                        ? jsonString(values.pick(List.of("http://127.0.0.1/callback", "https://localhost:1/x",
                                "javascript:alert(1)", "http://127.0.0.1:9999/callback#frag", "")))
                        : jsonString(values.value());
            case 1:
                return values.pick(List.of("0", "-1", "1e999", "123456789012345678901234567890", "0.5", "-0"));
            case 2:
                return values.pick(List.of("true", "false", "null"));
            case 3:
                return jsonString(values.value());
            case 4:
                return "[" + jsonString(values.pick(List.of("authorization_code", "refresh_token",
                        "client_credentials", "http://127.0.0.1/callback", "code"))) + "]";
            case 5:
            case 6:
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(jsonValue(key, depth + 1));
                }
                return "[" + String.join(",", items) + "]";
            default:
                return "{" + jsonString("k") + ":" + jsonValue(key, depth + 1) + "}";
        }
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private List<String[]> headers(Endpoint endpoint) {
        List<String[]> h = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            h.add(new String[] {"Authorization", authorization(endpoint)});
        }
        if (random.nextInt(7) == 0) {
            h.add(new String[] {"X-Forwarded-For", values.pick(List.of("192.0.2.1", "198.51.100.7, 203.0.113.9",
                    "garbage", "", "::1", "2001:db8::1", "999.999.999.999", "192.0.2." + random.nextInt(256),
                    "unknown, 10.0.0.1, 127.0.0.1", "192.0.2.1".repeat(500)))});
        }
        if (random.nextInt(15) == 0) {
            h.add(new String[] {"Forwarded", values.pick(List.of("for=192.0.2.60;proto=http;by=203.0.113.43",
                    "for=\"[2001:db8:cafe::17]:4711\"", "for=unknown", "for=", ";;;", "for=_hidden, for=192.0.2.1"))});
        }
        if (random.nextInt(10) == 0) {
            h.add(new String[] {"Cookie", values.pick(List.of("mcp_oauth_csrf=" + values.value().replaceAll(
                    "[\\s;,\\x00-\\x1f\\x7f-\\uffff]", ""), "JSESSIONID=garbage", "a=b; ; ;=;"))});
        }
        if (random.nextInt(10) == 0) {
            h.add(new String[] {"Accept", values.pick(List.of("*/*", "application/json", "text/html",
                    "application/xml", "garbage/;;", "image/png"))});
        }
        if (random.nextInt(20) == 0) {
            h.add(new String[] {"Origin", values.pick(List.of("https://app.example", "null", "http://127.0.0.1"))});
        }
        if (random.nextInt(25) == 0) {
            h.add(new String[] {"X-Junk", "j".repeat(1_000 + random.nextInt(20_000))});
        }
        return h;
    }

    private String authorization(Endpoint endpoint) {
        boolean adminRead = endpoint.path().equals("/admin/export") || endpoint.path().equals("/admin/consents/revoke")
                || endpoint.path().equals("/admin/import");
        int kind = random.nextInt(8);
        String secret = FuzzValues.safe(values.randomString("abcdefgh0123456789", 1 + random.nextInt(30)));
        return switch (kind) {
            case 0 -> "Basic " + base64(values.clientId().replace(":", "%3A") + ":" + secret);
            case 1 -> "Basic " + base64(values.pick(List.of("demo-app", "demo-server",
                    LegitimateClient.RESOURCE_SERVER)) + ":" + secret);
            case 2 -> "Basic " + values.pick(List.of("!!!", "", "=", "Zm9v", "Og==", "YTpiOmM="));
            case 3 -> "Bearer " + (adminRead && random.nextBoolean() ? adminToken : secret);
            case 4 -> values.pick(List.of("Basic", "Bearer", "Digest username=\"x\"", "Negotiate YIIB", "basic Og=="));
            case 5 -> "Bearer " + "b".repeat(10_000);
            default -> "Basic " + base64(Request.enc(values.clientId()) + ":" + Request.enc(values.value()));
        };
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(Map<String, List<String>> params) {
        return params.entrySet().stream()
                .map(e -> RawHttp.abbreviate(e.getKey(), 24) + "=" + e.getValue().stream()
                        .map(v -> v.length() > 40 ? "[" + v.length() + " chars]" : v).collect(Collectors.joining("|")))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
