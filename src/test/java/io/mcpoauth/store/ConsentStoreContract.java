package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link ConsentStore} contract, run against every backend. */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class ConsentStoreContract extends StorageContract {

    private ConsentStore consents;

    @BeforeEach
    void open() {
        consents = storage.consents();
    }

    private static ConsentRecord consent(String subject, String clientId, Instant now, Duration lifetime) {
        return new ConsentRecord(subject, clientId, Set.of("mcp:read", "mcp:write"),
                List.of("https://mcp.example.com/mcp"), List.of("http://127.0.0.1:5000/cb", "https://app.example/cb"),
                now, now.plus(lifetime));
    }

    @Test
    void findWhenSavedThenEqualRecordAndCovers() {
        Instant now = Fixtures.now();
        ConsentRecord c = consent("user-" + Fixtures.key(), "client-" + Fixtures.key(), now, Duration.ofDays(30));
        consents.save(c, now);
        ConsentRecord found = consents.find(c.subject(), c.clientId(), now).orElseThrow();
        assertEquals(c, found);
        assertTrue(found.covers(Set.of("mcp:read"), List.of("https://mcp.example.com/mcp")));
        assertFalse(found.covers(Set.of("admin"), List.of()));
    }

    @Test
    void findWhenOtherSubjectOrClientThenEmpty() {
        Instant now = Fixtures.now();
        String subject = "user-" + Fixtures.key();
        String client = "client-" + Fixtures.key();
        consents.save(consent(subject, client, now, Duration.ofDays(30)), now);
        assertEquals(Optional.empty(), consents.find(subject, "other-" + client, now));
        assertEquals(Optional.empty(), consents.find("other-" + subject, client, now));
        // No key confusion between ("ab", "c") and ("a", "bc").
        consents.save(consent("ab" + subject, "c" + client, now, Duration.ofDays(30)), now);
        assertEquals(Optional.empty(), consents.find("a" + subject, "bc" + client, now));
    }

    @Test
    void findWhenExpiredThenEmpty() {
        Instant now = Fixtures.now();
        ConsentRecord c = consent("user-" + Fixtures.key(), "client-" + Fixtures.key(), now, Duration.ofHours(1));
        consents.save(c, now);
        assertTrue(consents.find(c.subject(), c.clientId(), now.plus(Duration.ofMinutes(59))).isPresent());
        assertEquals(Optional.empty(), consents.find(c.subject(), c.clientId(), now.plus(Duration.ofHours(1))));
    }

    @Test
    void revokeWhenPresentThenGoneAndSecondRevokeFalse() {
        Instant now = Fixtures.now();
        ConsentRecord c = consent("user-" + Fixtures.key(), "client-" + Fixtures.key(), now, Duration.ofDays(30));
        consents.save(c, now);
        assertTrue(consents.revoke(c.subject(), c.clientId(), now));
        assertFalse(consents.revoke(c.subject(), c.clientId(), now));
        assertEquals(Optional.empty(), consents.find(c.subject(), c.clientId(), now));
    }

    @Test
    void saveWhenWidenedThenReplaced() {
        Instant now = Fixtures.now();
        String subject = "user-" + Fixtures.key();
        String client = "client-" + Fixtures.key();
        consents.save(new ConsentRecord(subject, client, Set.of("mcp:read"), List.of(), List.of(), now,
                now.plusSeconds(600)), now);
        consents.save(new ConsentRecord(subject, client, Set.of("mcp:read", "mcp:write"), List.of(),
                List.of("http://127.0.0.1:6000/cb"), now, now.plusSeconds(600)), now);
        ConsentRecord found = consents.find(subject, client, now).orElseThrow();
        assertEquals(Set.of("mcp:read", "mcp:write"), found.scopes());
        assertEquals(List.of("http://127.0.0.1:6000/cb"), found.redirectUris());
    }

    @Test
    void findWhenSavedWithRedirectUrisThenTheyComeBackInOrderAndOthersAreNotCovered() {
        Instant now = Fixtures.now();
        ConsentRecord c = consent("user-" + Fixtures.key(), "client-" + Fixtures.key(), now, Duration.ofDays(30));
        consents.save(c, now);
        ConsentRecord found = consents.find(c.subject(), c.clientId(), now).orElseThrow();
        assertEquals(List.of("http://127.0.0.1:5000/cb", "https://app.example/cb"), found.redirectUris());
        assertTrue(found.coversRedirectUri("http://127.0.0.1:5000/cb"));
        assertFalse(found.coversRedirectUri("http://127.0.0.1:5001/cb"));
    }

    @Test
    void coversWhenGivenForParticularResourcesThenNotARequestForOthersOrForNone() {
        Instant now = Fixtures.now();
        ConsentRecord c = consent("user-" + Fixtures.key(), "client-" + Fixtures.key(), now, Duration.ofDays(30));
        consents.save(c, now);
        ConsentRecord found = consents.find(c.subject(), c.clientId(), now).orElseThrow();
        assertFalse(found.covers(Set.of("mcp:read"), List.of()), "no resource: a token for any audience");
        assertFalse(found.covers(Set.of("mcp:read"), List.of("https://other.example.com/mcp")));
    }

    /** Ten years before or after the wall clock, a consent lives exactly its lifetime from the given {@code now}. */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void saveFindRevokeWhenNowFarFromWallClockThenExpiryJudgedAtTheGivenNow(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        ConsentRecord kept = consent("s-" + Fixtures.key(), "c-" + Fixtures.key(), now, Duration.ofHours(1));
        ConsentRecord revoked = consent("s-" + Fixtures.key(), "c-" + Fixtures.key(), now, Duration.ofHours(1));
        consents.save(kept, now);
        consents.save(revoked, now);
        assertEquals(Optional.of(kept), consents.find(kept.subject(), kept.clientId(), now));
        assertTrue(consents.find(kept.subject(), kept.clientId(), kept.expiresAt().minusMillis(1)).isPresent());
        assertEquals(Optional.empty(), consents.find(kept.subject(), kept.clientId(), kept.expiresAt()));
        assertTrue(consents.revoke(revoked.subject(), revoked.clientId(), now));
        assertEquals(Optional.empty(), consents.find(revoked.subject(), revoked.clientId(), now));
        assertFalse(consents.revoke(kept.subject(), kept.clientId(), kept.expiresAt()),
                "an expired consent is not revoked as live");

        ConsentRecord stale = consent("s-" + Fixtures.key(), "c-" + Fixtures.key(), now.minus(Duration.ofHours(2)),
                Duration.ofHours(1));
        consents.save(stale, now);
        assertEquals(Optional.empty(), consents.find(stale.subject(), stale.clientId(), stale.grantedAt()));
    }
}
