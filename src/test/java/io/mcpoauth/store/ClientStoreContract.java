package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link ClientStore} contract, run against every backend. */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class ClientStoreContract extends StorageContract {

    private ClientStore clients;

    @BeforeEach
    void open() {
        clients = storage.clients();
    }

    @Test
    void findWhenSavedThenEqualRecord() {
        Instant now = Fixtures.now();
        ClientRecord client = Fixtures.confidentialClient("c-" + Fixtures.key(), now);
        clients.save(client, now);
        assertEquals(Optional.of(client), clients.find(client.clientId(), now));
    }

    @Test
    void saveWhenUnusedRegistrationThenExpiryKeptUntilSavedAgainWithout() {
        Instant now = Fixtures.now();
        ClientRecord unused = new ClientRecord("c-" + Fixtures.key(), "Unused", "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1/cb"), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), now,
                now.plusSeconds(3600));
        clients.save(unused, now);
        ClientRecord found = clients.find(unused.clientId(), now).orElseThrow();
        assertEquals(unused.expiresAt(), found.expiresAt());
        assertTrue(found.isExpired(now.plusSeconds(3600)));
        clients.save(found.withoutExpiry(), now);
        assertEquals(null, clients.find(unused.clientId(), now).orElseThrow().expiresAt());
        storage.purgeExpired(now.plusSeconds(7200));
        assertTrue(clients.find(unused.clientId(), now.plusSeconds(7200)).isPresent(),
                "a used client is kept for good");
    }

    @Test
    void findWhenPublicClientThenEmptySecretAndSetsKept() {
        Instant now = Fixtures.now();
        ClientRecord client = Fixtures.publicClient("c-" + Fixtures.key(), now);
        clients.save(client, now);
        ClientRecord found = clients.find(client.clientId(), now).orElseThrow();
        assertEquals("", found.secretHash());
        assertTrue(found.isPublic());
        assertTrue(found.scopes().isEmpty());
        assertEquals(client.redirectUris(), found.redirectUris());
        assertEquals(client.grantTypes(), found.grantTypes());
        assertEquals(client.createdAt(), found.createdAt());
    }

    @Test
    void findWhenPrivateKeyJwtClientThenKeysAndAlgorithmsKept() {
        Instant now = Fixtures.now();
        ClientRecord inline = Fixtures.signingClient("c-" + Fixtures.key(), now,
                ClientKeys.inline(Fixtures.JWKS, Set.of("ES256", "PS256")));
        ClientRecord fetched = Fixtures.signingClient("c-" + Fixtures.key(), now,
                ClientKeys.fetched("https://app.example.com/.well-known/jwks.json", Set.of()));
        clients.save(inline, now);
        clients.save(fetched, now);
        assertEquals(Optional.of(inline), clients.find(inline.clientId(), now));
        assertEquals(Optional.of(fetched), clients.find(fetched.clientId(), now));
        assertEquals(Set.of("ES256", "PS256"), clients.find(inline.clientId(), now).orElseThrow().keys().algorithms());
        // A client changing its keys (rotation by re-registration, or an import) keeps only the new ones.
        ClientRecord rotated = Fixtures.signingClient(inline.clientId(), now,
                ClientKeys.fetched("https://app.example.com/jwks-2.json", Set.of()));
        clients.save(rotated, now);
        assertEquals(ClientKeys.fetched("https://app.example.com/jwks-2.json", Set.of()),
                clients.find(inline.clientId(), now).orElseThrow().keys());
        assertEquals(ClientKeys.NONE, clients.find(saveConfidential(now), now).orElseThrow().keys());
    }

    private String saveConfidential(Instant now) {
        ClientRecord c = Fixtures.confidentialClient("c-" + Fixtures.key(), now);
        clients.save(c, now);
        return c.clientId();
    }

    @Test
    void findWhenUnknownThenEmpty() {
        Instant now = Fixtures.now();
        assertEquals(Optional.empty(), clients.find("c-" + Fixtures.key(), now));
    }

    @Test
    void saveWhenSameIdThenReplacedAndCountUnchanged() {
        String id = "c-" + Fixtures.key();
        Instant now = Fixtures.now();
        clients.save(Fixtures.confidentialClient(id, now), now);
        long count = clients.count(now);
        ClientRecord replacement = new ClientRecord(id, "Renamed", "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1:9999/cb"), Set.of("mcp:read"),
                Set.of(GrantType.AUTHORIZATION_CODE), now);
        clients.save(replacement, now);
        assertEquals(Optional.of(replacement), clients.find(id, now));
        assertEquals(count, clients.count(now));
    }

    @Test
    void countWhenSavedThenOneMoreAndWhenDeletedThenOneLess() {
        Instant now = Fixtures.now();
        long before = clients.count(now);
        String id = "c-" + Fixtures.key();
        clients.save(Fixtures.confidentialClient(id, now), now);
        assertEquals(before + 1, clients.count(now));
        assertTrue(clients.delete(id, now));
        assertEquals(before, clients.count(now));
    }

    @Test
    void deleteWhenPresentThenTrueAndGone() {
        Instant now = Fixtures.now();
        String id = "c-" + Fixtures.key();
        clients.save(Fixtures.publicClient(id, now), now);
        assertTrue(clients.delete(id, now));
        assertEquals(Optional.empty(), clients.find(id, now));
    }

    @Test
    void deleteWhenDeletedTwiceThenSecondFalse() {
        Instant now = Fixtures.now();
        String id = "c-" + Fixtures.key();
        clients.save(Fixtures.publicClient(id, now), now);
        assertTrue(clients.delete(id, now));
        assertFalse(clients.delete(id, now));
    }

    @Test
    void deleteWhenUnknownThenFalse() {
        Instant now = Fixtures.now();
        assertFalse(clients.delete("c-" + Fixtures.key(), now));
    }

    @Test
    void deleteWhenOtherClientThenItStays() {
        Instant now = Fixtures.now();
        String kept = "c-" + Fixtures.key();
        String deleted = "c-" + Fixtures.key();
        clients.save(Fixtures.publicClient(kept, now), now);
        clients.save(Fixtures.publicClient(deleted, now), now);
        assertTrue(clients.delete(deleted, now));
        assertTrue(clients.find(kept, now).isPresent());
    }

    @Test
    void deleteWhenConcurrentThenExactlyOneTrue() throws Exception {
        Instant now = Fixtures.now();
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> ids = new ArrayList<>();
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    ids.add("c-" + Fixtures.key());
                    clients.save(Fixtures.publicClient(ids.get(k), now), now);
                }
                List<List<Boolean>> results = race.run(i -> ids.stream().map(id -> clients.delete(id, now)).toList());
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    int key = k;
                    long deleted = results.stream().filter(r -> r.get(key)).count();
                    assertEquals(1, deleted, "round " + round + ", client " + k);
                    assertEquals(Optional.empty(), clients.find(ids.get(k), now));
                }
            }
        }
    }

    /**
     * Expiry is judged at the given {@code now} alone, ten years before or after the wall clock: a client is found,
     * counted and deleted as live until its expiry, and never after it, so no caller has to filter.
     */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void findCountDeleteWhenNowFarFromWallClockThenExpiryJudgedAtTheGivenNow(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        ClientRecord unused = new ClientRecord("c-" + Fixtures.key(), "Unused", "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1/cb"), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), now,
                now.plusSeconds(3600));
        ClientRecord deleted = new ClientRecord("c-" + Fixtures.key(), "Deleted", "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1/cb"), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), now,
                now.plusSeconds(3600));
        long before = clients.count(now);
        clients.save(unused, now);
        clients.save(deleted, now);
        assertEquals(Optional.of(unused), clients.find(unused.clientId(), now));
        assertEquals(Optional.of(unused), clients.find(unused.clientId(), now.plusSeconds(3599)));
        assertEquals(before + 2, clients.count(now));
        assertTrue(clients.delete(deleted.clientId(), now));
        Instant expired = now.plusSeconds(3600);
        assertEquals(Optional.empty(), clients.find(unused.clientId(), expired));
        assertEquals(before, clients.count(expired));
        assertFalse(clients.delete(unused.clientId(), expired), "an expired client is not deleted as live");
        assertEquals(Optional.empty(), clients.find(unused.clientId(), now));
    }

    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void saveWhenAlreadyExpiredAtTheGivenNowThenNotFound(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        ClientRecord stale = new ClientRecord("c-" + Fixtures.key(), "Stale", "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1/cb"), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), now.minusSeconds(7200),
                now.minusSeconds(3600));
        clients.save(stale, now);
        assertEquals(Optional.empty(), clients.find(stale.clientId(), now));
        assertEquals(Optional.empty(), clients.find(stale.clientId(), stale.createdAt()));
    }
}
