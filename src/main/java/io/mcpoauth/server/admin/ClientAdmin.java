package io.mcpoauth.server.admin;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.server.AdminGate;
import io.mcpoauth.server.GrantRevoker;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ClientStore;
import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The admin API's clients: those registered at run time (the storage) and those configured
 * ({@code mcp.oauth.client.*}), listed together in the order of their ids, shown one at a time, and deleted, a
 * registered one only: a configured client lives in the configuration, and deleting it here would last until
 * the next restart, so it is refused ({@code 409}).
 */
public final class ClientAdmin {

    static final String LISTED = "clients.listed";
    static final String SHOWN = "client.shown";
    static final String DELETED = "client.deleted";
    private static final String CONFIGURED_PART = "c:";
    private static final String REGISTERED_PART = "r:";
    /** Pages of the storage read at most for one page of a listing the storage cannot filter by itself. */
    static final int MAX_PAGES_READ = 5;

    private final AdminGate gate;
    private final ClientStore store;
    private final TreeMap<String, ClientRecord> configured;
    private final GrantIndexStore index;
    private final GrantRevoker revoker;
    private final AuditLog audit;
    private final Clock clock;

    public ClientAdmin(AdminGate gate, ClientStore store, Map<String, ClientRecord> configured,
            GrantIndexStore index, GrantRevoker revoker, AuditLog audit, Clock clock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.store = Objects.requireNonNull(store, "store");
        this.configured = new TreeMap<>(configured);
        this.index = Objects.requireNonNull(index, "index");
        this.revoker = Objects.requireNonNull(revoker, "revoker");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One page of the clients: {@code {"clients": [...], "next_cursor": "..." | null}}. The configured clients
     * come first, in the order of their ids, then the registered ones in the storage's order; the cursor says
     * which part a page ended in ({@code c:} and the last configured id, or {@code r:} and the storage's cursor),
     * so each part is paged by its own order. A page may hold fewer than {@code limit} clients and still have a
     * next one ({@code kind=confidential}, which the storage cannot filter by itself).
     */
    public Map<String, Object> list(String bearer, String name, String kind, String cursor, String limit,
            RequestContext context) {
        gate.admit(bearer, LISTED, context);
        ClientFilter filter = ClientFilter.of(name, kind);
        Paging paging = Paging.of(cursor, limit);
        List<Map<String, Object>> items = new ArrayList<>();
        String next;
        if (paging.cursor() == null || paging.cursor().startsWith(CONFIGURED_PART)) {
            String after = paging.cursor() == null ? null : paging.cursor().substring(CONFIGURED_PART.length());
            next = configured(filter, after, paging.limit(), items);
            if (next == null) {
                next = registered(filter, null, paging.limit() - items.size(), items);
            }
        } else if (paging.cursor().startsWith(REGISTERED_PART)) {
            next = registered(filter, paging.cursor().substring(REGISTERED_PART.length()), paging.limit(), items);
        } else {
            throw OAuthException.invalidRequest("cursor is not a next_cursor of this listing");
        }
        audit.record(AuditEvent.success(LISTED).remote(context.remoteAddress()).with("count",
                String.valueOf(items.size())).with("name", filter.name()).with("kind", kind));
        return Views.page("clients", items, next);
    }

    /** One client, configured or registered; {@code not_found} (404) for neither. */
    public Map<String, Object> show(String bearer, String clientId, RequestContext context) {
        gate.admit(bearer, SHOWN, context);
        ParameterLimits.check("client_id", clientId);
        ClientRecord c = configured.get(clientId);
        Map<String, Object> view = c != null ? Views.client(c, Views.CONFIGURED)
                : store.find(clientId, clock.instant()).map(r -> Views.client(r, Views.REGISTERED))
                        .orElseThrow(() -> notFound(clientId));
        audit.record(AuditEvent.success(SHOWN).client(clientId).remote(context.remoteAddress()));
        return view;
    }

    /**
     * Deletes a registered client, then revokes every grant of it: its refresh tokens and access tokens are dead
     * at once (introspection answers inactive), and with the client gone no new grant can start. A client
     * already deleted whose grants are still indexed (a deletion interrupted before the revocations) has them
     * revoked now. Answers {@code {"deleted": true|false, "revoked": n}}; {@code not_found} (404) when there was
     * neither a client nor a grant, {@code conflict} (409) for a configured client.
     */
    public Map<String, Object> delete(String bearer, String clientId, RequestContext context) {
        gate.admit(bearer, DELETED, context);
        ParameterLimits.check("client_id", clientId);
        if (configured.containsKey(clientId)) {
            audit.record(AuditEvent.failure(DELETED).client(clientId).remote(context.remoteAddress())
                    .reason("configured"));
            throw new OAuthException(OAuthError.CONFLICT, "the client is configured (mcp.oauth.client." + clientId
                    + ".*): remove it from the configuration instead");
        }
        Instant now = clock.instant();
        boolean deleted = store.delete(clientId, now);
        int revoked = revoker.revokeAll(after -> index.byClient(clientId, after, GrantRevoker.PAGE, now), now);
        if (!deleted && revoked == 0) {
            throw notFound(clientId);
        }
        audit.record(AuditEvent.success(DELETED).client(clientId).remote(context.remoteAddress())
                .with("revoked", String.valueOf(revoked)).reason(deleted ? null : "already deleted"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deleted", deleted);
        answer.put("revoked", revoked);
        return answer;
    }

    /**
     * Adds up to {@code limit} configured clients after the id {@code after} (null: from the first).
     *
     * @return the listing's next cursor when the page is full ({@code c:} and the last id), else null: the page
     *         goes on with the registered clients
     */
    private String configured(ClientFilter filter, String after, int limit, List<Map<String, Object>> items) {
        for (ClientRecord c : (after == null ? configured : configured.tailMap(after, false)).values()) {
            if (filter.matches(c)) {
                items.add(Views.client(c, Views.CONFIGURED));
                if (items.size() == limit) {
                    return CONFIGURED_PART + c.clientId();
                }
            }
        }
        return null;
    }

    /**
     * Adds up to {@code wanted} registered clients after the storage cursor {@code after} (null: from the first),
     * reading at most {@value #MAX_PAGES_READ} pages of the storage, each no larger than what is still wanted.
     *
     * @return the listing's next cursor: {@code r:} and the storage's, or null at the storage's end
     */
    private String registered(ClientFilter filter, String after, int wanted, List<Map<String, Object>> items) {
        Instant now = clock.instant();
        int found = 0;
        String next = after == null || after.isEmpty() ? null : after;
        for (int read = 0; read < MAX_PAGES_READ && found < wanted; read++) {
            Page<ClientRecord> page = store.list(filter.query(), next, wanted - found, now);
            for (ClientRecord c : page.items()) {
                if (filter.matches(c)) {
                    items.add(Views.client(c, Views.REGISTERED));
                    found++;
                }
            }
            next = page.next();
            if (next == null) {
                return null;
            }
        }
        return REGISTERED_PART + next;
    }

    private static OAuthException notFound(String clientId) {
        return new OAuthException(OAuthError.NOT_FOUND, "no such client", "client " + clientId, null);
    }
}
