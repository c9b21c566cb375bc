package io.mcpoauth.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;

/**
 * What the store contract suites share: each suite runs once per {@link Backend}, named after it, so that a
 * report lists every test under every backend. A suite names its backends with {@code @MethodSource}, usually
 * {@code io.mcpoauth.store.backends.Backends#all}.
 */
@ParameterizedClass(name = "{0}")
public abstract class StorageContract {

    /** How the concurrency tests race: threads released together, rounds, keys raced for in each round. */
    protected static final int THREADS = 32;
    protected static final int ROUNDS = 100;
    protected static final int KEYS_PER_ROUND = 8;

    @Parameter
    private Backend backend;

    /** A storage on the backend under test, in the namespace the suite shares; opened before each test. */
    protected Storage storage;

    @BeforeEach
    void openStorage() {
        storage = backend.newStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    protected Backend backend() {
        return backend;
    }

    /**
     * Whether the backend judges the subject's block in the rotating step (see {@link RefreshTokenStore#rotateAndIssue});
     * on the others the caller reads it.
     */
    protected boolean judgesBlocksInStep() {
        return java.util.Set.of("redis", "redis-sentinel", "postgresql").contains(backend.name());
    }
}
