package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link AuthorizationCodeStore} contract, run against every backend. */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class AuthorizationCodeStoreContract extends StorageContract {

    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    private AuthorizationCodeStore codes;

    @BeforeEach
    void open() {
        codes = storage.codes();
    }

    private AuthorizationCode saved(Instant now, Duration lifetime) {
        AuthorizationCode code = Fixtures.code(Fixtures.key(), now, lifetime);
        codes.save(code, now);
        return code;
    }

    @Test
    void consumeWhenFreshThenConsumedWithEveryField() {
        Instant now = Fixtures.now();
        AuthorizationCode code = saved(now, ONE_MINUTE);
        assertEquals(new CodeConsumption.Consumed(code), codes.consume(code.codeHash(), now));
    }

    @ParameterizedTest
    @MethodSource("io.mcpoauth.store.Fixtures#attributeKinds")
    void consumeWhenSubjectAttributesThenConsumedWithThem(SubjectAttributes attributes) {
        Instant now = Fixtures.now();
        AuthorizationCode c = Fixtures.code(Fixtures.key(), now, ONE_MINUTE);
        AuthorizationCode code = new AuthorizationCode(c.codeHash(), Fixtures.withAttributes(c.grant(), attributes),
                c.redirectUri(), c.codeChallenge(), c.issuedAt(), c.expiresAt());
        codes.save(code, now);
        assertEquals(new CodeConsumption.Consumed(code), codes.consume(code.codeHash(), now));
    }

    @Test
    void consumeWhenAlreadyConsumedThenReplayed() {
        Instant now = Fixtures.now();
        AuthorizationCode code = saved(now, ONE_MINUTE);
        assertInstanceOf(CodeConsumption.Consumed.class, codes.consume(code.codeHash(), now));
        assertEquals(new CodeConsumption.Replayed(code), codes.consume(code.codeHash(), now.plusSeconds(1)));
    }

    @Test
    void consumeWhenReplayedRepeatedlyThenReplayedUntilExpiry() {
        Instant now = Fixtures.now();
        AuthorizationCode code = saved(now, ONE_MINUTE);
        codes.consume(code.codeHash(), now);
        for (int i = 1; i <= 5; i++) {
            assertInstanceOf(CodeConsumption.Replayed.class, codes.consume(code.codeHash(), now.plusSeconds(i)));
        }
        assertInstanceOf(CodeConsumption.Replayed.class,
                codes.consume(code.codeHash(), code.expiresAt().minusMillis(1)));
    }

    @Test
    void consumeWhenConsumedCodeHasExpiredThenNotFound() {
        Instant now = Fixtures.now();
        AuthorizationCode code = saved(now, ONE_MINUTE);
        codes.consume(code.codeHash(), now);
        assertEquals(CodeConsumption.NOT_FOUND, codes.consume(code.codeHash(), code.expiresAt()));
    }

    @Test
    void consumeWhenUnknownThenNotFound() {
        assertEquals(CodeConsumption.NOT_FOUND, codes.consume(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void consumeWhenJustBeforeExpiryThenConsumed() {
        Instant now = Fixtures.now();
        AuthorizationCode code = saved(now, ONE_MINUTE);
        Instant justBefore = code.expiresAt().minusMillis(1);
        assertEquals(new CodeConsumption.Consumed(code), codes.consume(code.codeHash(), justBefore));
    }

    @Test
    void consumeWhenExpiredThenNotFound() {
        Instant now = Fixtures.now();
        AuthorizationCode code = saved(now, ONE_MINUTE);
        assertEquals(CodeConsumption.NOT_FOUND, codes.consume(code.codeHash(), code.expiresAt()));
    }

    @Test
    void consumeWhenExpiredThenNotFoundAgainAndNeverConsumed() {
        Instant now = Fixtures.now();
        AuthorizationCode code = saved(now, ONE_MINUTE);
        assertEquals(CodeConsumption.NOT_FOUND, codes.consume(code.codeHash(), code.expiresAt().plusSeconds(5)));
        assertEquals(CodeConsumption.NOT_FOUND, codes.consume(code.codeHash(), code.expiresAt().plusSeconds(6)));
    }

    @Test
    void consumeWhenOtherCodeConsumedThenThisOneStillFresh() {
        Instant now = Fixtures.now();
        AuthorizationCode first = saved(now, ONE_MINUTE);
        AuthorizationCode second = saved(now, ONE_MINUTE);
        assertInstanceOf(CodeConsumption.Consumed.class, codes.consume(first.codeHash(), now));
        assertEquals(new CodeConsumption.Consumed(second), codes.consume(second.codeHash(), now));
    }

    @Test
    void consumeWhenConcurrentThenExactlyOneConsumedAndRestReplayed() throws Exception {
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < ROUNDS; round++) {
                Instant now = Fixtures.now();
                List<AuthorizationCode> batch = new ArrayList<>();
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    batch.add(saved(now, ONE_MINUTE));
                }
                // Every thread consumes the same codes in the same order: one race per code.
                List<List<CodeConsumption>> results = race.run(i -> batch.stream()
                        .map(code -> codes.consume(code.codeHash(), now)).toList());
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    int key = k;
                    List<CodeConsumption> outcomes = results.stream().map(r -> r.get(key)).toList();
                    long consumed = outcomes.stream().filter(CodeConsumption.Consumed.class::isInstance).count();
                    long replayed = outcomes.stream().filter(CodeConsumption.Replayed.class::isInstance).count();
                    assertEquals(1, consumed, "round " + round + ", code " + k);
                    assertEquals(THREADS - 1, replayed, "round " + round + ", code " + k);
                    AuthorizationCode code = batch.get(k);
                    assertEquals(new CodeConsumption.Replayed(code), codes.consume(code.codeHash(), now));
                }
            }
        }
    }

    /** Ten years before or after the wall clock, a code lives exactly its lifetime from the given {@code now}. */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void consumeWhenNowFarFromWallClockThenConsumedOnceUntilExpiry(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        AuthorizationCode code = saved(now, ONE_MINUTE);
        assertEquals(new CodeConsumption.Consumed(code), codes.consume(code.codeHash(), now));
        assertEquals(new CodeConsumption.Replayed(code), codes.consume(code.codeHash(),
                code.expiresAt().minusMillis(1)));
        assertEquals(CodeConsumption.NOT_FOUND, codes.consume(code.codeHash(), code.expiresAt()));
        AuthorizationCode late = saved(now, ONE_MINUTE);
        assertEquals(CodeConsumption.NOT_FOUND, codes.consume(late.codeHash(), late.expiresAt()));
    }
}
