package io.mcpoauth.metrics;

import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.AuthorizationCodeStore;
import io.mcpoauth.store.ClientStore;
import io.mcpoauth.store.ConsentStore;
import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.GrantRevocationStore;
import io.mcpoauth.store.PendingAuthorizationStore;
import io.mcpoauth.store.RefreshTokenStore;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.StorageUnavailableException;
import io.mcpoauth.store.Stores;
import io.mcpoauth.store.SubjectBlockStore;
import io.mcpoauth.store.TokenTransfer;
import io.mcpoauth.store.SigningKeyStore;
import io.mcpoauth.store.UsedIdStore;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A storage whose every store call is timed ({@code mcp_oauth_storage_operation_seconds}, by backend and
 * operation) and whose failures are counted ({@code mcp_oauth_storage_errors_total}). The operation label is
 * the store method's name, a fixed set. Each store is a {@link Proxy} over its interface, so a method added to a
 * store is timed with no edit here; the proxy costs far less than the network round trip it measures, and the
 * in-memory backend, which has none, is not wrapped (see {@code app/StorageProducer}).
 */
public final class TimedStorage implements Storage {

    private final Storage storage;
    private final Stores stores;

    /** @param backend the label: the backend as configured ({@code redis}, {@code jdbc}) */
    public TimedStorage(Storage storage, String backend, OperatorMetrics metrics) {
        this.storage = Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(backend, "backend");
        Histogram latency = metrics.storageLatency();
        Counter errors = metrics.storageErrors();
        Stores s = storage.stores();
        this.stores = new Stores(
                timed(ClientStore.class, s.clients(), backend, latency, errors),
                timed(AuthorizationCodeStore.class, s.codes(), backend, latency, errors),
                timed(AccessTokenStore.class, s.access(), backend, latency, errors),
                timed(RefreshTokenStore.class, s.refresh(), backend, latency, errors),
                timed(GrantRevocationStore.class, s.grants(), backend, latency, errors),
                timed(TokenTransfer.class, s.transfer(), backend, latency, errors),
                timed(PendingAuthorizationStore.class, s.pending(), backend, latency, errors),
                timed(ConsentStore.class, s.consents(), backend, latency, errors),
                timed(UsedIdStore.class, s.usedIds(), backend, latency, errors),
                timed(GrantIndexStore.class, s.grantIndex(), backend, latency, errors),
                timed(SubjectBlockStore.class, s.subjectBlocks(), backend, latency, errors),
                timed(SigningKeyStore.class, s.signingKeys(), backend, latency, errors));
    }

    private static <T> T timed(Class<T> type, T store, String backend, Histogram latency, Counter errors) {
        return type.cast(Proxy.newProxyInstance(TimedStorage.class.getClassLoader(), new Class<?>[] {type},
                new Timer(store, backend, latency, errors)));
    }

    /** Times one store's calls; each method's data points are looked up once. */
    private static final class Timer implements InvocationHandler {

        private final Object store;
        private final String backend;
        private final Histogram latency;
        private final Counter errors;
        private final Map<Method, DistributionDataPoint> points = new ConcurrentHashMap<>();

        Timer(Object store, String backend, Histogram latency, Counter errors) {
            this.store = Objects.requireNonNull(store, "store");
            this.backend = backend;
            this.latency = latency;
            this.errors = errors;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(store, args);
            }
            long start = System.nanoTime();
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof StorageUnavailableException) {
                    errors.labelValues(backend, method.getName()).inc();
                }
                throw e.getCause();
            } finally {
                long took = System.nanoTime() - start;
                points.computeIfAbsent(method, m -> latency.labelValues(backend, m.getName())).observe(took / 1e9);
            }
        }
    }

    @Override
    public String name() {
        return storage.name();
    }

    @Override
    public Stores stores() {
        return stores;
    }

    @Override
    public StorageHealth checkHealth() {
        return storage.checkHealth();
    }

    @Override
    public long purgeExpired(Instant now) {
        return storage.purgeExpired(now);
    }

    @Override
    public void close() {
        storage.close();
    }
}
