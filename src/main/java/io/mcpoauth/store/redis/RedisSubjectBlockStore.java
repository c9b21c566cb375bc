package io.mcpoauth.store.redis;

import io.mcpoauth.store.SubjectBlockStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Subject blocks: one key per subject ({@link Keys#subjectBlock}) holding the block's end in epoch milliseconds,
 * with a TTL to that end. {@link #unblock} is one {@code GETDEL}: of two callers lifting the same block, exactly
 * one gets its value.
 */
final class RedisSubjectBlockStore extends RedisStore implements SubjectBlockStore {

    RedisSubjectBlockStore(RedisExecutor redis, Keys keys) {
        super(redis, keys);
    }

    @Override
    public void block(String subject, Instant until, Instant now) {
        Objects.requireNonNull(until, "until");
        String key = keys.subjectBlock(Objects.requireNonNull(subject, "subject"));
        if (Ttl.until(until, now) <= 0) {
            redis.call("lift subject block", true, j -> j.del(key));
            return;
        }
        redis.put("block subject", key, Long.toString(until.toEpochMilli()), until, now, false);
    }

    @Override
    public boolean unblock(String subject, Instant now) {
        String value = redis.call("lift subject block", false, j -> j.getDel(keys.subjectBlock(subject)));
        return value != null && live(value, now).isPresent();
    }

    @Override
    public Optional<Instant> blockedUntil(String subject, Instant now) {
        String value = redis.call("find subject block", true, j -> j.get(keys.subjectBlock(subject)));
        return value == null ? Optional.empty() : live(value, now);
    }

    private static Optional<Instant> live(String value, Instant now) {
        Instant until = Instant.ofEpochMilli(Long.parseLong(value));
        return until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }
}
