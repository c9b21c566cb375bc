package io.mcpoauth.it;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The query of a redirect a server answered (its {@code Location}): {@code code}, {@code state}, {@code iss}. */
public final class Query {

    private Query() {
    }

    /** The decoded parameters of the location's query, in order; a parameter without {@code =} maps to "". */
    public static Map<String, String> of(String location) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = URI.create(location).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }
}
