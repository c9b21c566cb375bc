package io.mcpoauth.cimd;

import io.mcpoauth.audit.LogText;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.ClientRecord;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resolves an https {@code client_id} to a client by fetching its Client ID Metadata Document (MCP
 * 2025-11-25 authorization, draft-ietf-oauth-client-id-metadata-document), so that no anonymous caller can
 * hold the server's threads, fill its heap or reach its private network through it:
 * <ul>
 * <li>a {@code client_id} longer than {@value #MAX_URL_LENGTH} characters is refused before anything else;</li>
 * <li>the host is looked up once, every address checked ({@link AddressGuard}), and only a checked address
 *     connected to ({@link HttpsGet}); redirects are not followed and the document's size is capped;</li>
 * <li>one deadline ({@code mcp.oauth.cimd.timeout}) ends the whole fetch; the fetch runs on a thread of its
 *     own, so even a name lookup that hangs holds no caller past it;</li>
 * <li>concurrent resolutions of one URL share one fetch, and waiting for it is bounded by the same deadline;</li>
 * <li>fetches in flight are capped overall and per host: beyond that a caller is refused at once with 503
 *     {@code temporarily_unavailable} and {@code Retry-After}. Not {@code invalid_client}: the document may be
 *     fine, the client should retry, and a refusal caused by other callers must not count as this client's
 *     failure;</li>
 * <li>results, failures of every kind included, are cached per {@code Cache-Control} within configured bounds
 *     (failures for the shortest), in a cache bounded in entries and bytes;</li>
 * <li>the caller learns only that the document could not be used; what the fetch got goes to the log.</li>
 * </ul>
 * Each fetch (never a cached answer, nor a wait on another caller's fetch) is told to a {@link FetchListener}.
 */
public final class ClientIdMetadataResolver {

    /** Longer {@code client_id} URLs are refused before they are fetched, cached or logged. */
    public static final int MAX_URL_LENGTH = 2048;
    /** All a caller learns of a failed fetch or a refused document. */
    static final String UNUSABLE = "client metadata document could not be used";

    private static final Logger LOG = Logger.getLogger(ClientIdMetadataResolver.class.getName());
    /** How much longer than the deadline a caller waits for a fetch to hand over its (timed-out) result. */
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final CimdSettings settings;
    private final Clock clock;
    private final AddressGuard guard;
    private final HttpsGet http;
    private final FetchLimits limits;
    private final DocumentCache cache;
    private final Map<String, Flight> flights = new ConcurrentHashMap<>();
    private final ExecutorService fetchers;
    private final FetchListener fetches;

    /** A fetch under way: every resolution of its URL meanwhile waits for this result. */
    private record Flight(CompletableFuture<DocumentCache.Entry> result, Deadline deadline) {
    }

    /** With plain daemon threads, for use outside a container (tests, tools). */
    public ClientIdMetadataResolver(CimdSettings settings, FetchTransport transport, Clock clock) {
        this(settings, transport, clock, FetchListener.NONE);
    }

    /** With plain daemon threads, each fetch told to {@code fetches}. */
    public ClientIdMetadataResolver(CimdSettings settings, FetchTransport transport, Clock clock,
            FetchListener fetches) {
        this(settings, transport, clock, daemon("mcp-oauth-cimd-deadline"), daemon("mcp-oauth-cimd-fetch"),
                fetches);
    }

    /**
     * @param threads makes the fetch threads and the deadline watchdog; in the container the default
     *                {@code ManagedThreadFactory}, so that every thread here is one the container manages
     */
    public ClientIdMetadataResolver(CimdSettings settings, FetchTransport transport, Clock clock,
            ThreadFactory threads) {
        this(settings, transport, clock, threads, FetchListener.NONE);
    }

    /** As {@link #ClientIdMetadataResolver(CimdSettings, FetchTransport, Clock, ThreadFactory)}, each fetch told
     * to {@code fetches} (the operator metrics). */
    public ClientIdMetadataResolver(CimdSettings settings, FetchTransport transport, Clock clock,
            ThreadFactory threads, FetchListener fetches) {
        this(settings, transport, clock, threads, threads, fetches);
    }

    private ClientIdMetadataResolver(CimdSettings settings, FetchTransport transport, Clock clock,
            ThreadFactory watchdogThreads, ThreadFactory fetchThreads, FetchListener fetches) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(watchdogThreads, "watchdogThreads");
        Objects.requireNonNull(fetchThreads, "fetchThreads");
        this.guard = new AddressGuard(settings.allowPrivateAddresses(), transport.dns());
        this.http = HttpsGet.watched(transport.tls(), watchdogThreads);
        this.limits = new FetchLimits(settings.maxConcurrentFetches(), settings.maxConcurrentFetchesPerHost());
        this.cache = new DocumentCache(settings.cacheMaxBytes());
        this.fetchers = HttpsGet.fetchThreads(fetchThreads);
        this.fetches = Objects.requireNonNull(fetches, "fetches");
    }

    public static boolean isMetadataUrl(String clientId) {
        return clientId != null && clientId.startsWith("https://");
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * The client the document describes: a public client (no secret, RFC 7591 {@code none}).
     *
     * @throws OAuthException {@code invalid_request} for a URL longer than {@value #MAX_URL_LENGTH};
     *                        {@code invalid_client} for a URL that cannot name a document (saying why) or a
     *                        document that could not be used (saying nothing more); {@code temporarily_unavailable}
     *                        when too many fetches are in flight
     */
    public ClientRecord resolve(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            throw OAuthException.invalidRequest("client_id is longer than " + MAX_URL_LENGTH + " characters");
        }
        DocumentCache.Entry hit = cache.get(url, clock.instant());
        if (hit == null) {
            hit = fetchShared(url);
        }
        if (hit.failed()) {
            throw unusable("the document failed when it was last fetched; the failure is cached");
        }
        return hit.client();
    }

    private DocumentCache.Entry fetchShared(String url) {
        URI uri;
        try {
            uri = checkUrl(url);
        } catch (MetadataDocumentException e) {
            throw OAuthException.invalidClient(e.getMessage()); // about the caller's own input only
        }
        Flight flight = flights.get(url);
        if (flight == null) {
            Flight mine = new Flight(new CompletableFuture<>(), Deadline.in(settings.timeout()));
            flight = flights.putIfAbsent(url, mine);
            if (flight == null) {
                // A fetch that ended between the cache miss and now has cached its result.
                DocumentCache.Entry done = cache.get(url, clock.instant());
                if (done != null) {
                    flights.remove(url, mine);
                    mine.result().complete(done);
                    return done;
                }
                start(url, uri, mine);
                flight = mine;
            }
        }
        return await(flight);
    }

    private void start(String url, URI uri, Flight flight) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!limits.tryAcquire(host)) {
            throw refuse(url, flight);
        }
        try {
            fetchers.execute(() -> run(url, uri, host, flight));
        } catch (RejectedExecutionException e) {
            limits.release(host);
            throw refuse(url, flight);
        }
    }

    private OAuthException refuse(String url, Flight flight) {
        OAuthException busy = new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE,
                "too many client metadata documents are being fetched; try again shortly");
        flights.remove(url, flight);
        flight.result().completeExceptionally(busy);
        fetches.fetched(FetchListener.Kind.DOCUMENT, FetchListener.Outcome.BUSY, -1);
        LOG.fine(() -> "client metadata document " + LogText.line(url) + " not fetched: fetch slots are taken");
        return busy;
    }

    private void run(String url, URI uri, String host, Flight flight) {
        long started = System.nanoTime();
        FetchListener.Outcome outcome = FetchListener.Outcome.FAILED;
        DocumentCache.Entry entry = null;
        try {
            entry = fetchAndCheck(url, uri, flight.deadline());
            outcome = FetchListener.Outcome.OK;
        } catch (MetadataDocumentException e) {
            outcome = e.outcome();
            LOG.info(() -> "client metadata document " + LogText.line(url) + " not used: "
                    + LogText.line(e.getMessage()));
            entry = DocumentCache.failure(url, clock.instant().plus(settings.minCache()));
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.WARNING, "client metadata document " + LogText.line(url) + " failed unexpectedly", e);
            entry = DocumentCache.failure(url, clock.instant().plus(settings.minCache()));
        } finally {
            // Told before any caller is answered, so a caller that got its answer finds the fetch counted.
            fetches.fetched(FetchListener.Kind.DOCUMENT, outcome, System.nanoTime() - started);
            // Cached before the flight is removed: a newcomer finds one or the other.
            if (entry != null) {
                cache.put(url, entry, clock.instant());
            }
            flights.remove(url, flight);
            limits.release(host);
            if (entry != null) {
                flight.result().complete(entry);
            } else {
                flight.result().completeExceptionally(new MetadataDocumentException("fetch ended abnormally"));
            }
        }
    }

    private DocumentCache.Entry fetchAndCheck(String url, URI uri, Deadline deadline) {
        List<InetAddress> addresses = guard.resolve(uri.getHost());
        HttpsGet.Response response = http.get(uri, addresses, settings.maxBytes(), deadline);
        Instant now = clock.instant();
        ClientRecord client;
        try {
            client = MetadataDocument.parse(url, response.body(), now);
        } catch (MetadataDocumentException e) {
            throw new MetadataDocumentException(e.getMessage(), FetchListener.Outcome.INVALID);
        }
        return DocumentCache.success(url, client, response.body().length,
                now.plus(CachePolicy.lifetime(response.cacheControl(), settings)));
    }

    private static DocumentCache.Entry await(Flight flight) {
        try {
            return flight.result().get(Math.max(0, flight.deadline().remainingNanos()) + GRACE_NANOS,
                    TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OAuthException refused) {
                throw refused;
            }
            throw unusable("the fetch failed: " + e.getCause());
        } catch (TimeoutException e) {
            // Only a name lookup outlives the deadline; the fetch caches its failure when it returns.
            throw unusable("the fetch outlived its deadline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unusable("interrupted while waiting for the fetch");
        }
    }

    /** The client learns only that the document is unusable; {@code debug}, for the log, says why. */
    private static OAuthException unusable(String debug) {
        return new OAuthException(OAuthError.INVALID_CLIENT, UNUSABLE, debug, null);
    }

    /** The document URL rules: https, a path, no fragment, no credentials, no dot segments, visible ASCII. */
    static URI checkUrl(String url) {
        if (!url.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new MetadataDocumentException("client_id must be an https URL of visible ASCII characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new MetadataDocumentException("client_id is not a valid URL");
        }
        String path = uri.getRawPath();
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null || path == null || path.isEmpty() || path.equals("/")
                || path.contains("/./") || path.contains("/../") || path.endsWith("/.") || path.endsWith("/..")) {
            throw new MetadataDocumentException(
                    "client_id must be an https URL with a path, without fragment, credentials or dot segments");
        }
        return uri;
    }

    /** The estimated bytes the cache holds now. */
    long cachedBytes() {
        return cache.bytes();
    }

    int fetchesInFlight() {
        return limits.inFlight();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            // The JSON provider is looked up through it, whichever request thread happened to start this one.
            t.setContextClassLoader(ClientIdMetadataResolver.class.getClassLoader());
            return t;
        };
    }
}
