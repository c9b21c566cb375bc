package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ClientStore#list}, run against every backend: pages by client id, filters, expiry at the given now. Each
 * test names its clients with a random word and filters on it, so clients other suites saved do not interfere;
 * the unfiltered listing runs on an empty namespace of its own.
 */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class ClientListingContract extends StorageContract {

    private static String word() {
        return "w" + Fixtures.key().replace('-', 'x').replace('_', 'y').substring(0, 12);
    }

    private static ClientRecord client(String name, ClientAuthMethod method, Instant now, Instant expiresAt) {
        ClientKeys keys = method == ClientAuthMethod.PRIVATE_KEY_JWT
                ? ClientKeys.inline(Fixtures.JWKS, Set.of("ES256")) : ClientKeys.NONE;
        String secret = method.usesSecret() ? "sha256:" + Fixtures.key() : "";
        return new ClientRecord("c-" + Fixtures.key(), name, secret, method, List.of("http://127.0.0.1/cb"),
                Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), now, expiresAt, keys);
    }

    /** Saves n clients named around the word, returns their ids sorted. */
    private static List<String> saveMany(ClientStore clients, int n, String word, ClientAuthMethod method,
            Instant now) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClientRecord c = client("App " + i + " " + word, method, now, null);
            clients.save(c, now);
            ids.add(c.clientId());
        }
        ids.sort(null);
        return ids;
    }

    private static List<String> walk(Function<String, Page<ClientRecord>> page, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            Page<ClientRecord> p = page.apply(cursor);
            assertTrue(p.items().size() <= limit, "page of " + p.items().size() + " over the limit " + limit);
            p.items().forEach(c -> seen.add(c.clientId()));
            if (p.next() == null) {
                return seen;
            }
            assertEquals(limit, p.items().size(), "a page followed by another is full");
            assertEquals(p.items().get(p.items().size() - 1).clientId(), p.next());
            cursor = p.next();
        }
        throw new AssertionError("the pages never end");
    }

    @Test
    void listWhenNoFilterThenEveryLiveClientInIdOrder() {
        Instant now = Fixtures.now();
        try (Storage empty = backend().newEmptyStorage()) {
            ClientStore clients = empty.clients();
            assertEquals(new Page<>(List.of(), null), clients.list(ClientQuery.ALL, null, 10, now));
            List<String> ids = new ArrayList<>(saveMany(clients, 9, word(), ClientAuthMethod.NONE, now));
            ids.addAll(saveMany(clients, 4, word(), ClientAuthMethod.CLIENT_SECRET_BASIC, now));
            ClientRecord expiring = client("Expiring", ClientAuthMethod.NONE, now, now.plusSeconds(60));
            clients.save(expiring, now);
            ids.sort(null);
            List<String> withExpiring = new ArrayList<>(ids);
            withExpiring.add(expiring.clientId());
            withExpiring.sort(null);
            assertEquals(withExpiring, walk(after -> clients.list(ClientQuery.ALL, after, 4, now), 4));
            Page<ClientRecord> whole = clients.list(ClientQuery.ALL, null, 14, now);
            assertEquals(14, whole.items().size());
            assertNull(whole.next());
            assertEquals(clients.find(withExpiring.get(0), now).orElseThrow(), whole.items().get(0), "whole records");
            assertEquals(ids, walk(after -> clients.list(ClientQuery.ALL, after, 5, now.plusSeconds(60)), 5));
            assertEquals(ids, walk(after -> clients.list(ClientQuery.ALL, after, 1, now.plusSeconds(60)), 1));
        }
    }

    @Test
    void listWhenNameFilterThenCaseInsensitiveSubstringOnly() {
        Instant now = Fixtures.now();
        ClientStore clients = storage.clients();
        String word = word();
        List<String> ids = saveMany(clients, 7, word, ClientAuthMethod.NONE, now);
        saveMany(clients, 3, word(), ClientAuthMethod.NONE, now);
        String upper = word.toUpperCase(Locale.ROOT);
        assertEquals(ids, walk(after -> clients.list(new ClientQuery(upper, null), after, 3, now), 3));
        assertEquals(ids, walk(after -> clients.list(new ClientQuery(word.substring(2, 9), null), after, 7, now), 7));
        assertEquals(List.of(), clients.list(new ClientQuery(word + "z", null), null, 10, now).items());
    }

    @Test
    void listWhenNameFilterHasLikeWildcardsThenTakenLiterally() {
        Instant now = Fixtures.now();
        ClientStore clients = storage.clients();
        String word = word();
        ClientRecord percent = client("100% " + word + "_x\\", ClientAuthMethod.NONE, now, null);
        ClientRecord plain = client("1000 " + word + "ax", ClientAuthMethod.NONE, now, null);
        clients.save(percent, now);
        clients.save(plain, now);
        assertEquals(List.of(percent), clients.list(new ClientQuery("0% " + word, null), null, 10, now).items());
        assertEquals(List.of(percent), clients.list(new ClientQuery(word + "_", null), null, 10, now).items());
        assertEquals(List.of(percent), clients.list(new ClientQuery("x\\", null), null, 10, now).items()
                .stream().filter(c -> c.name().contains(word)).toList());
    }

    @Test
    void listWhenMethodFilterThenOnlyThatMethod() {
        Instant now = Fixtures.now();
        ClientStore clients = storage.clients();
        String word = word();
        List<String> secret = saveMany(clients, 3, word, ClientAuthMethod.CLIENT_SECRET_POST, now);
        List<String> signing = saveMany(clients, 2, word, ClientAuthMethod.PRIVATE_KEY_JWT, now);
        saveMany(clients, 2, word, ClientAuthMethod.NONE, now);
        assertEquals(secret, walk(after -> clients.list(new ClientQuery(word, ClientAuthMethod.CLIENT_SECRET_POST),
                after, 2, now), 2));
        assertEquals(signing, walk(after -> clients.list(new ClientQuery(word, ClientAuthMethod.PRIVATE_KEY_JWT),
                after, 10, now), 10));
        assertEquals(List.of(), clients.list(new ClientQuery(word, ClientAuthMethod.CLIENT_SECRET_BASIC), null, 10,
                now).items());
    }

    /** A client deleted between two pages leaves no gap: its id still works as a cursor. */
    @Test
    void listWhenCursorClientDeletedThenNextPageContinuesAfterIt() {
        Instant now = Fixtures.now();
        ClientStore clients = storage.clients();
        String word = word();
        List<String> ids = saveMany(clients, 6, word, ClientAuthMethod.NONE, now);
        ClientQuery q = new ClientQuery(word, null);
        Page<ClientRecord> first = clients.list(q, null, 3, now);
        assertEquals(ids.get(2), first.next());
        assertTrue(clients.delete(ids.get(2), now));
        assertEquals(ids.subList(3, 6), clients.list(q, first.next(), 3, now).items().stream()
                .map(ClientRecord::clientId).toList());
    }

    @Test
    void listWhenLimitNotPositiveThenIllegalArgument() {
        Instant now = Fixtures.now();
        assertThrows(IllegalArgumentException.class, () -> storage.clients().list(ClientQuery.ALL, null, 0, now));
    }

    /** Ten years before or after the wall clock, a client is listed until its expiry and never after it. */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void listWhenNowFarFromWallClockThenExpiryJudgedAtTheGivenNow(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        ClientStore clients = storage.clients();
        String word = word();
        ClientRecord unused = client("Unused " + word, ClientAuthMethod.NONE, now, now.plusSeconds(3600));
        ClientRecord kept = client("Kept " + word, ClientAuthMethod.NONE, now, null);
        clients.save(unused, now);
        clients.save(kept, now);
        ClientQuery q = new ClientQuery(word, null);
        assertEquals(2, clients.list(q, null, 10, now.plusSeconds(3599)).items().size());
        assertEquals(List.of(kept), clients.list(q, null, 10, now.plusSeconds(3600)).items());
    }
}
