package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link PendingAuthorizationStore} contract, run against every backend. */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class PendingAuthorizationStoreContract extends StorageContract {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private PendingAuthorizationStore pending;

    @BeforeEach
    void open() {
        pending = storage.pendingAuthorizations();
    }

    private PendingAuthorization saved(Instant now, Duration lifetime) {
        PendingAuthorization request = Fixtures.pending(Fixtures.key(), now, lifetime);
        pending.save(request, now);
        return request;
    }

    @Test
    void findWhenSavedThenEqualRecord() {
        Instant now = Fixtures.now();
        PendingAuthorization request = saved(now, TEN_MINUTES);
        assertEquals(Optional.of(request), pending.find(request.idHash(), now));
    }

    @Test
    void takeWhenSubjectAndCsrfBoundThenKept() {
        Instant now = Fixtures.now();
        PendingAuthorization p = Fixtures.pending(Fixtures.key(), now, TEN_MINUTES);
        PendingAuthorization bound = new PendingAuthorization(p.idHash(), p.clientId(), p.redirectUri(), p.scope(),
                p.resources(), p.state(), p.codeChallenge(), p.expiresAt(), "alice@example.com", Fixtures.key());
        pending.save(bound, now);
        assertEquals(Optional.of(bound), pending.take(bound.idHash(), now));
    }

    @ParameterizedTest
    @MethodSource("io.mcpoauth.store.Fixtures#attributeKinds")
    void takeWhenSubjectAttributesThenKept(SubjectAttributes attributes) {
        Instant now = Fixtures.now();
        PendingAuthorization p = Fixtures.pending(Fixtures.key(), now, TEN_MINUTES);
        PendingAuthorization bound = new PendingAuthorization(p.idHash(), p.clientId(), p.redirectUri(), p.scope(),
                p.resources(), p.state(), p.codeChallenge(), p.expiresAt(), "alice", Fixtures.key(),
                attributes);
        pending.save(bound, now);
        assertEquals(Optional.of(bound), pending.find(bound.idHash(), now));
        assertEquals(Optional.of(bound), pending.take(bound.idHash(), now));
    }

    @Test
    void findWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), pending.find(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void findWhenReadTwiceThenNotConsumed() {
        Instant now = Fixtures.now();
        PendingAuthorization request = saved(now, TEN_MINUTES);
        assertTrue(pending.find(request.idHash(), now).isPresent());
        assertTrue(pending.find(request.idHash(), now.plusSeconds(1)).isPresent());
        assertEquals(Optional.of(request), pending.take(request.idHash(), now.plusSeconds(2)));
    }

    @Test
    void findWhenJustBeforeExpiryThenPresent() {
        Instant now = Fixtures.now();
        PendingAuthorization request = saved(now, TEN_MINUTES);
        assertTrue(pending.find(request.idHash(), request.expiresAt().minusMillis(1)).isPresent());
    }

    @Test
    void findWhenExpiredThenEmpty() {
        Instant now = Fixtures.now();
        PendingAuthorization request = saved(now, TEN_MINUTES);
        assertEquals(Optional.empty(), pending.find(request.idHash(), request.expiresAt()));
    }

    @Test
    void takeWhenSavedThenReturnedOnceThenEmpty() {
        Instant now = Fixtures.now();
        PendingAuthorization request = saved(now, TEN_MINUTES);
        assertEquals(Optional.of(request), pending.take(request.idHash(), now));
        assertEquals(Optional.empty(), pending.take(request.idHash(), now));
        assertEquals(Optional.empty(), pending.find(request.idHash(), now));
    }

    @Test
    void takeWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), pending.take(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void takeWhenExpiredThenEmpty() {
        Instant now = Fixtures.now();
        PendingAuthorization request = saved(now, TEN_MINUTES);
        assertEquals(Optional.empty(), pending.take(request.idHash(), now.plus(TEN_MINUTES).plusSeconds(1)));
    }

    @Test
    void takeWhenOtherRequestTakenThenItStays() {
        Instant now = Fixtures.now();
        PendingAuthorization kept = saved(now, TEN_MINUTES);
        PendingAuthorization taken = saved(now, TEN_MINUTES);
        assertTrue(pending.take(taken.idHash(), now).isPresent());
        assertEquals(Optional.of(kept), pending.find(kept.idHash(), now));
    }

    @Test
    void takeWhenConcurrentThenExactlyOnePresent() throws Exception {
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < ROUNDS; round++) {
                Instant now = Fixtures.now();
                List<PendingAuthorization> requests = new ArrayList<>();
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    requests.add(saved(now, TEN_MINUTES));
                }
                // Every thread takes the same requests in the same order: one race per request.
                List<List<Optional<PendingAuthorization>>> results = race.run(i -> requests.stream()
                        .map(request -> pending.take(request.idHash(), now)).toList());
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    int key = k;
                    List<PendingAuthorization> winners = results.stream().flatMap(r -> r.get(key).stream()).toList();
                    assertEquals(1, winners.size(), "round " + round + ", request " + k);
                    assertEquals(requests.get(k), winners.get(0));
                    assertEquals(Optional.empty(), pending.find(requests.get(k).idHash(), now));
                }
            }
        }
    }

    /** Ten years before or after the wall clock, a request lives exactly its lifetime from the given {@code now}. */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void findTakeWhenNowFarFromWallClockThenExpiryJudgedAtTheGivenNow(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        PendingAuthorization request = saved(now, TEN_MINUTES);
        assertEquals(Optional.of(request), pending.find(request.idHash(), now));
        assertEquals(Optional.empty(), pending.find(request.idHash(), request.expiresAt()));
        PendingAuthorization taken = saved(now, TEN_MINUTES);
        assertEquals(Optional.of(taken), pending.take(taken.idHash(), taken.expiresAt().minusMillis(1)));
        assertEquals(Optional.empty(), pending.take(taken.idHash(), now));
    }
}
