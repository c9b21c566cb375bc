package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link ClientStore} contract; each backend runs it by supplying {@link #newStorage()}. */
public abstract class ClientStoreContract {

    private static final int THREADS = 32;
    private static final int ROUNDS = 100;
    private static final int KEYS_PER_ROUND = 8;

    private Storage storage;
    private ClientStore clients;

    /** A fresh storage on the backend under test; closed after each test. */
    protected abstract Storage newStorage();

    @BeforeEach
    void open() {
        storage = newStorage();
        clients = storage.clients();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void findWhenSavedThenEqualRecord() {
        ClientRecord client = Fixtures.confidentialClient("c-" + Fixtures.key(), Fixtures.now());
        clients.save(client);
        assertEquals(Optional.of(client), clients.find(client.clientId()));
    }

    @Test
    void saveWhenUnusedRegistrationThenExpiryKeptUntilSavedAgainWithout() {
        Instant now = Fixtures.now();
        ClientRecord unused = new ClientRecord("c-" + Fixtures.key(), "Unused", "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1/cb"), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), now,
                now.plusSeconds(3600));
        clients.save(unused);
        ClientRecord found = clients.find(unused.clientId()).orElseThrow();
        assertEquals(unused.expiresAt(), found.expiresAt());
        assertTrue(found.isExpired(now.plusSeconds(3600)));
        clients.save(found.withoutExpiry());
        assertEquals(null, clients.find(unused.clientId()).orElseThrow().expiresAt());
        storage.purgeExpired(now.plusSeconds(7200));
        assertTrue(clients.find(unused.clientId()).isPresent(), "a used client is kept for good");
    }

    @Test
    void findWhenPublicClientThenEmptySecretAndSetsKept() {
        ClientRecord client = Fixtures.publicClient("c-" + Fixtures.key(), Fixtures.now());
        clients.save(client);
        ClientRecord found = clients.find(client.clientId()).orElseThrow();
        assertEquals("", found.secretHash());
        assertTrue(found.isPublic());
        assertTrue(found.scopes().isEmpty());
        assertEquals(client.redirectUris(), found.redirectUris());
        assertEquals(client.grantTypes(), found.grantTypes());
        assertEquals(client.createdAt(), found.createdAt());
    }

    @Test
    void findWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), clients.find("c-" + Fixtures.key()));
    }

    @Test
    void saveWhenSameIdThenReplacedAndCountUnchanged() {
        String id = "c-" + Fixtures.key();
        Instant now = Fixtures.now();
        clients.save(Fixtures.confidentialClient(id, now));
        long count = clients.count();
        ClientRecord replacement = new ClientRecord(id, "Renamed", "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1:9999/cb"), Set.of("mcp:read"),
                Set.of(GrantType.AUTHORIZATION_CODE), now);
        clients.save(replacement);
        assertEquals(Optional.of(replacement), clients.find(id));
        assertEquals(count, clients.count());
    }

    @Test
    void countWhenSavedThenOneMoreAndWhenDeletedThenOneLess() {
        long before = clients.count();
        String id = "c-" + Fixtures.key();
        clients.save(Fixtures.confidentialClient(id, Fixtures.now()));
        assertEquals(before + 1, clients.count());
        assertTrue(clients.delete(id));
        assertEquals(before, clients.count());
    }

    @Test
    void deleteWhenPresentThenTrueAndGone() {
        String id = "c-" + Fixtures.key();
        clients.save(Fixtures.publicClient(id, Fixtures.now()));
        assertTrue(clients.delete(id));
        assertEquals(Optional.empty(), clients.find(id));
    }

    @Test
    void deleteWhenDeletedTwiceThenSecondFalse() {
        String id = "c-" + Fixtures.key();
        clients.save(Fixtures.publicClient(id, Fixtures.now()));
        assertTrue(clients.delete(id));
        assertFalse(clients.delete(id));
    }

    @Test
    void deleteWhenUnknownThenFalse() {
        assertFalse(clients.delete("c-" + Fixtures.key()));
    }

    @Test
    void deleteWhenOtherClientThenItStays() {
        String kept = "c-" + Fixtures.key();
        String deleted = "c-" + Fixtures.key();
        clients.save(Fixtures.publicClient(kept, Fixtures.now()));
        clients.save(Fixtures.publicClient(deleted, Fixtures.now()));
        assertTrue(clients.delete(deleted));
        assertTrue(clients.find(kept).isPresent());
    }

    @Test
    void deleteWhenConcurrentThenExactlyOneTrue() throws Exception {
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> ids = new ArrayList<>();
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    ids.add("c-" + Fixtures.key());
                    clients.save(Fixtures.publicClient(ids.get(k), Fixtures.now()));
                }
                List<List<Boolean>> results = race.run(i -> ids.stream().map(clients::delete).toList());
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    int key = k;
                    long deleted = results.stream().filter(r -> r.get(key)).count();
                    assertEquals(1, deleted, "round " + round + ", client " + k);
                    assertEquals(Optional.empty(), clients.find(ids.get(k)));
                }
            }
        }
    }
}
