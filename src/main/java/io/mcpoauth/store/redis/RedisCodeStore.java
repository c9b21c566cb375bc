package io.mcpoauth.store.redis;

import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.AuthorizationCodeStore;
import io.mcpoauth.store.CodeConsumption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Authorization codes, one key each, written with a TTL at the code's expiry.
 *
 * <p>{@link #consume} is one {@code EVALSHA} of {@code consume-code.lua}: Redis runs a script alone, so when
 * any number of callers, on any number of server instances, consume the same code at the same time, exactly
 * one sees it fresh and flips it to consumed; every other call then and later gets {@link
 * CodeConsumption.Replayed} until the code expires, because the consumed code stays in place as the replay
 * marker with its TTL unchanged. A consume whose reply is lost is not retried (a retry would see a replay);
 * the caller gets {@link io.mcpoauth.store.StorageUnavailableException}.
 */
final class RedisCodeStore extends RedisStore implements AuthorizationCodeStore {


    RedisCodeStore(RedisExecutor redis, Keys keys) {
        super(redis, keys);
    }

    @Override
    public void save(AuthorizationCode code, Instant now) {
        String value = new RecordCodec.Flagged(false, code.expiresAt().toEpochMilli(), RecordCodec.write(code)).encode();
        // A code hash is unique: writing the same value twice is harmless, so the write may be retried.
        redis.put("save code", keys.code(code.codeHash()), value, code.expiresAt(), now, false);
    }

    @Override
    public CodeConsumption consume(String codeHash, Instant now) {
        Objects.requireNonNull(now, "now");
        List<?> reply = (List<?>) redis.eval(Script.CONSUME_CODE, List.of(keys.code(codeHash)),
                List.of(Long.toString(now.toEpochMilli())), false);
        long outcome = (Long) reply.get(0);
        if (outcome == 0) {
            return CodeConsumption.NOT_FOUND;
        }
        AuthorizationCode code = RecordCodec.readCode((String) reply.get(1));
        return outcome == 1 ? new CodeConsumption.Consumed(code) : new CodeConsumption.Replayed(code);
    }
}
