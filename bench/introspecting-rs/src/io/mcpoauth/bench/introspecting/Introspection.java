package io.mcpoauth.bench.introspecting;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One introspection request per token over HTTP, through one client shared by every request (its connections are
 * kept alive). Configured by system properties: {@code bench.introspect.url}, {@code bench.introspect.credentials}
 * (the resource server's client id and secret as HTTP Basic credentials, base64) and {@code bench.introspect.audience}
 * (the resource this server is).
 */
final class Introspection {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final URI ENDPOINT = URI.create(required("bench.introspect.url"));
    private static final String CREDENTIALS = "Basic " + required("bench.introspect.credentials");
    private static final String AUDIENCE = required("bench.introspect.audience");
    /** Looked up once: each {@code Json.createReader} looks the provider up again through the class loader. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private Introspection() {
    }

    /** The token's subject when the authorization server says it is active and meant for this resource. */
    static Optional<String> subject(String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(ENDPOINT)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", CREDENTIALS)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("introspection answered " + response.statusCode());
        }
        JsonObject answer;
        try (JsonReader reader = JSON.createReader(new StringReader(response.body()))) {
            answer = reader.readObject();
        }
        // RFC 7662 2.2: only "active" is required; an inactive token says nothing else.
        if (!answer.getBoolean("active", false) || !forThisResource(answer.get("aud"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(answer.getString("sub", null));
    }

    /** RFC 7662 2.2 and RFC 7519 4.1.3: {@code aud} is one string or an array of them. */
    private static boolean forThisResource(JsonValue aud) {
        if (aud instanceof JsonString one) {
            return AUDIENCE.equals(one.getString());
        }
        return aud != null && aud.getValueType() == JsonValue.ValueType.ARRAY
                && aud.asJsonArray().contains(JSON.createValue(AUDIENCE));
    }

    private static String required(String name) {
        return Objects.requireNonNull(System.getProperty(name), name);
    }
}
