package io.mcpoauth.it;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

/** The admin API of one server over plain HTTP, with its admin token (docs/admin.md). */
final class AdminClient {

    private final URI base;
    private final String token;

    AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return Http.get(base, pathAndQuery, "Authorization", "Bearer " + token);
    }

    HttpResponse<String> delete(String path) throws Exception {
        return Http.send(base, path, "DELETE", "Authorization", "Bearer " + token);
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return Http.postForm(base, path, form, "Authorization", "Bearer " + token);
    }

    /** A call that must answer 200: its JSON. */
    JsonObject ok(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new AssertionError("expected 200: " + r.statusCode() + " " + r.body());
        }
        return Http.json(r);
    }

    /** Offboards the subject (200, or the step fails): the answer. */
    JsonObject offboard(String subject) throws Exception {
        return ok(post("admin/subjects/offboard", Map.of("subject", subject)));
    }
}
