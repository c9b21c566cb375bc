package io.mcpoauth.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** Plain HTTP calls for the container tests: no redirects followed, so every answer is seen as sent. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    static HttpResponse<String> get(URI base, String path, String... headers) throws Exception {
        URI target = path.isEmpty() ? base : base.resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(URI base, String path, Map<String, String> form, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(URI base, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(URI base, String path, String method, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Answers a consent page as a browser would: posts its hidden fields with the decision and the same-site
     * CSRF cookie the page set, plus any extra headers (the gateway's user header).
     */
    static HttpResponse<String> answerConsent(URI base, HttpResponse<String> page, String decision,
            String... headers) throws Exception {
        return submitPage(base, "consent", page, Map.of("decision", decision), headers);
    }

    /**
     * Posts a page's form as a browser would: its hidden {@code request} and {@code csrf} fields, the given
     * fields, and the same-site CSRF cookie the page set, plus any extra headers.
     */
    static HttpResponse<String> submitPage(URI base, String path, HttpResponse<String> page,
            Map<String, String> fields, String... headers) throws Exception {
        java.util.regex.Matcher request = java.util.regex.Pattern.compile("name=\"request\" value=\"([^\"]+)\"")
                .matcher(page.body());
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(page.body());
        if (!request.find() || !csrf.find()) {
            throw new AssertionError("not a page with a request and a CSRF token: " + page.body());
        }
        String cookie = csrfCookie(page);
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("request", request.group(1));
        form.put("csrf", csrf.group(1));
        form.putAll(fields);
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Cookie";
        all[headers.length + 1] = cookie;
        return postForm(base, path, form, all);
    }

    /** The {@code name=value} of the CSRF cookie a page set. */
    static String csrfCookie(HttpResponse<String> page) {
        return page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";")[0])
                .filter(c -> c.startsWith("mcp_oauth_csrf=")).findFirst()
                .orElseThrow(() -> new AssertionError("no CSRF cookie"));
    }

    static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    static JsonObject json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
