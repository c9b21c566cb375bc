package io.mcpoauth.store.redis;

import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * The grant index: a hash per grant ({@code grant:{id}:summary}, in the grant's slot, its TTL the grant's
 * expiry), and per subject and per client two sorted sets of grant ids in the owner's slot, one scored by expiry
 * and one all scored 0 for {@code ZRANGEBYLEX} cursors, plus one set of every grant id scored by expiry that
 * {@link #count} reads with {@code ZCOUNT}. A recording trims up to 100 grants expired at its {@code now} from
 * each set it adds to, and a listing up to 500 from the owner's, so no set grows by more than it is trimmed;
 * each set key's TTL is its latest grant's, so an owner whose grants all expired leaves nothing behind.
 *
 * <p>The keys live in several slots, so a recording is one script run per slot ({@code save-grant.lua}, then
 * {@code index-grant.lua} for the subject, the client and the count), sent together in one round trip; a
 * recording may be applied twice, so it is retried like a read. {@link #remove} decides in one run of {@code
 * remove-grant.lua}, which deletes the hash and returns it to exactly one caller, then takes the id out of the
 * sets; a set entry whose hash is gone is passed over by the listing and trimmed at its expiry.
 */
final class RedisGrantIndexStore extends RedisStore implements GrantIndexStore {

    /** Grant ids read per script run of a listing, at least one more than the page. */
    private static final int LIST_STRETCH = 100;

    RedisGrantIndexStore(RedisExecutor redis, Keys keys) {
        super(redis, keys);
    }

    @Override
    public void record(GrantSummary grant, Instant now) {
        record(grant, now, p -> { });
    }

    /** The token's {@code SET} goes first in the same round trip as the grant's scripts. */
    @Override
    public void recordWithAccessToken(AccessTokenRecord token, GrantSummary grant, AccessTokenStore tokens,
            Instant now) {
        long ttl = Ttl.until(token.expiresAt(), now);
        String key = keys.accessToken(token.tokenHash());
        String value = RecordCodec.write(token);
        record(grant, now, ttl <= 0 ? p -> { } : p -> p.set(key, value, SetParams.setParams().px(ttl)));
    }

    private void record(GrantSummary grant, Instant now, Consumer<AbstractPipeline> first) {
        Objects.requireNonNull(grant, "grant");
        long ttl = Ttl.until(grant.expiresAt(), now);
        if (ttl <= 0) {
            redis.batch("record grant", true, first, List.of());
            remove(grant.grantId(), now);
            return;
        }
        String id = grant.grantId();
        List<String> fields = new ArrayList<>(List.of(Long.toString(ttl),
                "client", grant.clientId(), "subject", grant.subject(), "scope", grant.scope().toString(),
                "resources", String.join("\n", grant.resources()),
                "created", millis(grant.createdAt()), "used", millis(grant.lastUsedAt()),
                "expires", millis(grant.expiresAt())));
        List<String> index = List.of(id, millis(grant.expiresAt()), millis(now), Long.toString(ttl));
        redis.batch("record grant", true, first, List.of(
                new RedisExecutor.Eval(Script.SAVE_GRANT, List.of(keys.grantSummary(id)), fields),
                new RedisExecutor.Eval(Script.INDEX_GRANT, keys.grantsOfSubject(grant.subject()), index),
                new RedisExecutor.Eval(Script.INDEX_GRANT, keys.grantsOfClient(grant.clientId()), index),
                new RedisExecutor.Eval(Script.INDEX_GRANT, List.of(keys.grants()), index)));
    }

    private static String millis(Instant t) {
        return Long.toString(t.toEpochMilli());
    }

    private static GrantSummary read(String grantId, Map<String, String> fields) {
        String resources = fields.get("resources");
        return new GrantSummary(grantId, fields.get("client"), fields.get("subject"), Scope.parse(fields.get("scope")),
                resources.isEmpty() ? List.of() : Arrays.asList(resources.split("\n")),
                Instant.ofEpochMilli(Long.parseLong(fields.get("created"))),
                Instant.ofEpochMilli(Long.parseLong(fields.get("used"))),
                Instant.ofEpochMilli(Long.parseLong(fields.get("expires"))));
    }

    @Override
    public Optional<GrantSummary> find(String grantId, Instant now) {
        Map<String, String> fields = redis.call("find grant", true, j -> j.hgetAll(keys.grantSummary(grantId)));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        GrantSummary grant = read(grantId, fields);
        return grant.isExpired(now) ? Optional.empty() : Optional.of(grant);
    }

    @Override
    public Page<GrantSummary> bySubject(String subject, String after, int limit, Instant now) {
        Objects.requireNonNull(subject, "subject");
        return page(keys.grantsOfSubject(subject), g -> g.subject().equals(subject), after, limit, now);
    }

    @Override
    public Page<GrantSummary> byClient(String clientId, String after, int limit, Instant now) {
        Objects.requireNonNull(clientId, "clientId");
        return page(keys.grantsOfClient(clientId), g -> g.clientId().equals(clientId), after, limit, now);
    }

    /**
     * Stretches of the owner's ids in id order ({@code page-grants.lua}), then their hashes in one round trip,
     * until the page is full or the ids end; grants expired at now or removed are passed over.
     */
    private Page<GrantSummary> page(List<String> owner, java.util.function.Predicate<GrantSummary> owns,
            String after, int limit, Instant now) {
        int n = Page.limit(limit);
        int stretch = Math.max(n + 1, LIST_STRETCH);
        List<GrantSummary> found = new ArrayList<>();
        String from = after;
        while (found.size() <= n) {
            String start = from == null ? "-" : "(" + from;
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) redis.eval(Script.PAGE_GRANTS, owner,
                    List.of(millis(now), start, Integer.toString(stretch)), true);
            if (ids.isEmpty()) {
                break;
            }
            List<Map<String, String>> summaries = redis.call("list grants", true, j -> {
                List<Response<Map<String, String>>> replies = new ArrayList<>(ids.size());
                try (AbstractPipeline p = j.pipelined()) {
                    ids.forEach(id -> replies.add(p.hgetAll(keys.grantSummary(id))));
                    p.sync();
                }
                return replies.stream().map(Response::get).toList();
            });
            for (int i = 0; i < ids.size() && found.size() <= n; i++) {
                if (!summaries.get(i).isEmpty()) {
                    GrantSummary grant = read(ids.get(i), summaries.get(i));
                    if (!grant.isExpired(now) && owns.test(grant)) {
                        found.add(grant);
                    }
                }
            }
            if (ids.size() < stretch) {
                break;
            }
            from = ids.get(ids.size() - 1);
        }
        return Page.of(found, n, GrantSummary::grantId);
    }

    /** One run of {@code remove-grant.lua}: of two callers removing the same grant, exactly one gets its fields. */
    @Override
    public boolean remove(String grantId, Instant now) {
        @SuppressWarnings("unchecked")
        List<String> flat = (List<String>) redis.eval(Script.REMOVE_GRANT, List.of(keys.grantSummary(grantId)),
                List.of(), false);
        if (flat.isEmpty()) {
            return false;
        }
        Map<String, String> fields = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i), flat.get(i + 1));
        }
        GrantSummary grant = read(grantId, fields);
        List<String> subject = keys.grantsOfSubject(grant.subject());
        List<String> client = keys.grantsOfClient(grant.clientId());
        redis.batch("remove grant", true, p -> {
            subject.forEach(k -> p.zrem(k, grantId));
            client.forEach(k -> p.zrem(k, grantId));
            p.zrem(keys.grants(), grantId);
        }, List.of());
        return !grant.isExpired(now);
    }

    /** {@code ZCOUNT} of the ids whose expiry is after now: one read, nothing trimmed. */
    @Override
    public long count(Instant now) {
        return redis.call("count grants", true, j -> j.zcount(keys.grants(), "(" + now.toEpochMilli(), "+inf"));
    }
}
