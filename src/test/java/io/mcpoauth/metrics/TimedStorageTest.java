package io.mcpoauth.metrics;

import static io.mcpoauth.metrics.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.StorageUnavailableException;
import io.mcpoauth.store.Stores;
import io.mcpoauth.store.memory.MemoryStorage;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimedStorageTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final OperatorMetrics metrics = new OperatorMetrics();

    private String scrape() {
        return new String(metrics.expose(null).body(), StandardCharsets.UTF_8);
    }

    @Test
    void callWhenStoreAnswersThenTimedByBackendAndOperation() {
        Storage timed = new TimedStorage(new MemoryStorage(100), "redis", metrics);
        assertTrue(timed.accessTokens().findAccessToken("no-such-hash", NOW).isEmpty());
        assertTrue(timed.accessTokens().findAccessToken("no-such-hash", NOW).isEmpty());
        timed.refreshTokens().findRefreshToken("no-such-hash", NOW);
        String text = scrape();
        assertEquals(2.0, sample(text, "mcp_oauth_storage_operation_seconds_count", "backend=\"redis\"",
                "operation=\"findAccessToken\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_storage_operation_seconds_count", "backend=\"redis\"",
                "operation=\"findRefreshToken\""), text);
        assertEquals(2.0, sample(text, "mcp_oauth_storage_operation_seconds_bucket", "operation=\"findAccessToken\"",
                "le=\"+Inf\""), text);
    }

    @Test
    void callWhenStoreUnavailableThenSameExceptionAndErrorCounted() {
        MemoryStorage memory = new MemoryStorage(100);
        StorageUnavailableException down = new StorageUnavailableException("down");
        AccessTokenStore failing = (AccessTokenStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AccessTokenStore.class}, (proxy, method, args) -> {
                    throw down;
                });
        Stores s = memory.stores();
        Storage broken = new Storage() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Stores stores() {
                return new Stores(s.clients(), s.codes(), failing, s.refresh(), s.grants(), s.transfer(), s.pending(),
                        s.consents(), s.usedIds(), s.grantIndex(), s.subjectBlocks(), s.signingKeys());
            }

            @Override
            public StorageHealth checkHealth() {
                return memory.checkHealth();
            }
        };
        Storage timed = new TimedStorage(broken, "jdbc", metrics);
        assertSame(down, assertThrows(StorageUnavailableException.class,
                () -> timed.accessTokens().findAccessToken("h", NOW)));
        String text = scrape();
        assertEquals(1.0, sample(text, "mcp_oauth_storage_errors_total", "backend=\"jdbc\"",
                "operation=\"findAccessToken\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_storage_operation_seconds_count", "backend=\"jdbc\"",
                "operation=\"findAccessToken\""), text);
    }
}
