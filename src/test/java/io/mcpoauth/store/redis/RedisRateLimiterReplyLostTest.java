package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.ratelimit.LimitKeys;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.ratelimit.RateLimiter.Check;
import io.mcpoauth.store.StorageUnavailableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A rate-limit script that ran but whose reply was lost (a read timeout) is not run again: the one event is
 * counted once, not once per retry.
 */
class RedisRateLimiterReplyLostTest {

    private static final String PREFIX = RedisTests.newPrefix();
    private static final Duration WINDOW = Duration.ofMinutes(1);

    @AfterAll
    static void removeKeys() {
        RedisTests.deleteAll(PREFIX);
    }

    @Test
    void hitWhenReplyTimesOutAfterCountingThenNotRetriedAndCountedOnce() {
        try (ReplyLost redis = new ReplyLost()) {
            RateLimiter limiter = limiter(redis);
            String key = "c:" + Tokens.newId();
            assertThrows(StorageUnavailableException.class, () -> limiter.hit(key, 10, WINDOW, Instant.now()));
            assertEquals(1, redis.ran.get(), "the script ran once and was not sent again");
            assertEquals("1", counter(key), "one event, counted once");
        }
    }

    @Test
    void checkWhenReplyTimesOutAfterCountingThenNotRetriedAndCountedOnce() {
        try (ReplyLost redis = new ReplyLost()) {
            RateLimiter limiter = limiter(redis);
            String a = "c:" + Tokens.newId();
            String b = "ip:" + Tokens.newId();
            assertThrows(StorageUnavailableException.class, () -> limiter.check(
                    List.of(Check.hit(a, 10), Check.hit(b, 10)), WINDOW, Instant.now()));
            assertEquals(1, redis.ran.get());
            assertEquals("1", counter(a));
            assertEquals("1", counter(b));
        }
    }

    /** Reading a counter counts nothing, so a lost reply is read again like any read. */
    @Test
    void checkWhenOnlyReadingAndReplyTimesOutThenRetried() {
        try (ReplyLost redis = new ReplyLost()) {
            RateLimiter limiter = limiter(redis);
            String key = "c:" + Tokens.newId();
            assertEquals(RateLimiter.Verdict.PASSED,
                    limiter.check(List.of(Check.blocked(key, 10)), WINDOW, Instant.now()));
            assertEquals(2, redis.ran.get(), "the lost reply, then the retry that answered");
        }
    }

    private static RateLimiter limiter(UnifiedJedis redis) {
        RedisExecutor executor = new RedisExecutor(() -> redis, 5, Duration.ofMillis(1), Duration.ofMillis(5));
        return new RedisRateLimiter(executor, new Keys(PREFIX), true);
    }

    private static String counter(String key) {
        try (RedisClient plain = RedisTests.client()) {
            return plain.get(new Keys(PREFIX).rateLimit(LimitKeys.bounded(key)));
        }
    }

    /** The real Redis, except that the first script to run loses its reply as a read timeout would. */
    private static final class ReplyLost extends UnifiedJedis {
        final AtomicInteger ran = new AtomicInteger();

        ReplyLost() {
            super(new Connection(hostAndPort()));
        }

        private static HostAndPort hostAndPort() {
            URI uri = URI.create(RedisTests.URL);
            return new HostAndPort(uri.getHost(), uri.getPort());
        }

        @Override
        public Object evalsha(String sha1, List<String> keys, List<String> args) {
            Object reply = super.evalsha(sha1, keys, args); // NOSCRIPT throws before anything ran
            if (ran.incrementAndGet() == 1) {
                throw new JedisConnectionException(new SocketTimeoutException("Read timed out"));
            }
            return reply;
        }
    }
}
