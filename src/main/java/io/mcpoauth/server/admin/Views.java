package io.mcpoauth.server.admin;

import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.GrantSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the admin API shows of a client and of a grant, as JSON members. Member names follow RFC 7591 2 where
 * it has one ({@code client_name}, {@code token_endpoint_auth_method}, ...); times are RFC 3339 in UTC, as in an
 * export; a member without a value is {@code null}. A client's secret hash is never among them.
 */
final class Views {

    static final String CONFIGURED = "configured";
    static final String REGISTERED = "registered";

    private Views() {
    }

    /** @param source {@link #CONFIGURED} (from {@code mcp.oauth.client.*}, read-only) or {@link #REGISTERED} */
    static Map<String, Object> client(ClientRecord c, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", c.clientId());
        m.put("client_name", c.name());
        m.put("kind", c.isPublic() ? "public" : "confidential");
        m.put("token_endpoint_auth_method", c.authMethod().value());
        m.put("grant_types", GrantType.sortedValues(c.grantTypes()));
        m.put("redirect_uris", c.redirectUris());
        m.put("scope", String.join(" ", c.scopes().stream().sorted().toList()));
        if (!c.keys().jwksUri().isEmpty()) {
            m.put("jwks_uri", c.keys().jwksUri());
        }
        m.put("source", source);
        m.put("created_at", time(c.createdAt()));
        // A registration that has not obtained a token yet is removed at this time (RFC 7591 leaves it to us).
        m.put("expires_at", time(c.expiresAt()));
        return m;
    }

    static Map<String, Object> grant(GrantSummary g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grant_id", g.grantId());
        m.put("client_id", g.clientId());
        m.put("subject", g.subject());
        m.put("scope", g.scope().toString());
        m.put("resources", g.resources());
        m.put("created_at", time(g.createdAt()));
        m.put("last_used_at", time(g.lastUsedAt()));
        m.put("expires_at", time(g.expiresAt()));
        return m;
    }

    /** A listing's answer: its items under {@code name}, and the cursor of the next page or null at the end. */
    static Map<String, Object> page(String name, List<Map<String, Object>> items, String next) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, items);
        m.put("next_cursor", next);
        return m;
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
