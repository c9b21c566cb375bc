package io.mcpoauth.cimd;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import io.mcpoauth.audit.LogText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Fetches the JWK set at a {@code jwks_uri} that a client registered (RFC 7591 2) or named in its metadata
 * document: a URL anyone chose, so it is fetched as guardedly as a metadata document is ({@link AddressGuard}:
 * every address public unless {@code mcp.oauth.cimd.allow-private-addresses}; {@link HttpsGet}: no redirects,
 * size capped; one {@link Deadline} of {@code mcp.oauth.cimd.timeout} for the whole fetch, run on a thread of
 * its own so that even a hanging name lookup holds no caller past it; {@link FetchLimits}: fetches in flight
 * capped overall and per host, beyond which a fetch fails at once). Caching, and the cap on how often an
 * unknown {@code kid} may cause a refetch, are the key source's (see {@code JwkSets.remote}). Operator-configured
 * key URLs do not come here. Each fetch, and each refused for want of a slot, is told to a {@link FetchListener}
 * (whether the body is a usable key set is the key source's to decide, so a fetched body counts as fetched).
 */
public final class KeySetFetcher implements ResourceRetriever {

    /** The most a client's JWK set may weigh; real ones are a few kilobytes. */
    public static final int MAX_BYTES = 64 * 1024;
    /** The largest JWK set a client may give inline (registration, metadata document, import), in characters. */
    public static final int MAX_CLIENT_JWKS_CHARS = 16 * 1024;
    /** The most keys a client's JWK set may hold: a few, for rotation. */
    public static final int MAX_CLIENT_JWKS_KEYS = 10;
    /** Longer {@code jwks_uri} values are refused at registration. */
    public static final int MAX_URL_LENGTH = 2048;

    private static final Logger LOG = Logger.getLogger(KeySetFetcher.class.getName());
    private static final long GRACE_MILLIS = 250;

    private final CimdSettings settings;
    private final AddressGuard guard;
    private final HttpsGet http;
    private final FetchLimits limits;
    private final ExecutorService fetchers;
    private final FetchListener fetches;

    /**
     * @param threads makes the fetch threads and the deadline watchdog; in the container the default
     *                {@code ManagedThreadFactory}
     */
    public KeySetFetcher(CimdSettings settings, FetchTransport transport, ThreadFactory threads) {
        this(settings, transport, threads, FetchListener.NONE);
    }

    /** As {@link #KeySetFetcher(CimdSettings, FetchTransport, ThreadFactory)}, each fetch told to {@code fetches}. */
    public KeySetFetcher(CimdSettings settings, FetchTransport transport, ThreadFactory threads,
            FetchListener fetches) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(threads, "threads");
        this.guard = new AddressGuard(settings.allowPrivateAddresses(), transport.dns());
        this.http = HttpsGet.watched(transport.tls(), threads);
        this.limits = new FetchLimits(settings.maxConcurrentFetches(), settings.maxConcurrentFetchesPerHost());
        this.fetchers = HttpsGet.fetchThreads(threads);
        this.fetches = Objects.requireNonNull(fetches, "fetches");
    }

    /**
     * Why a {@code jwks_uri} cannot be registered, or empty when it can: an https URL of visible ASCII, with a
     * host, without fragment or credentials, at most {@value #MAX_URL_LENGTH} characters. Where it points is
     * checked when it is fetched (a name may change its addresses after registration).
     */
    public static Optional<String> refusal(String url) {
        if (url.length() > MAX_URL_LENGTH || !url.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return Optional.of("jwks_uri must be an https URL of at most " + MAX_URL_LENGTH
                    + " visible ASCII characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("jwks_uri is not a valid URL");
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            return Optional.of("jwks_uri must be an https URL without fragment or credentials");
        }
        return Optional.empty();
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("not a valid URL");
        }
        if (refusal(uri.toString()).isPresent()) {
            throw new IOException("not an https URL");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!limits.tryAcquire(host)) {
            fetches.fetched(FetchListener.Kind.JWKS, FetchListener.Outcome.BUSY, -1);
            throw new IOException("too many key sets are being fetched");
        }
        Deadline deadline = Deadline.in(settings.timeout());
        // Whoever claims this first owns the host's slot: the fetch when it starts, or the caller giving up on a
        // fetch that never started (a cancelled task never runs, so its finally could never release the slot).
        AtomicBoolean claimed = new AtomicBoolean();
        Future<byte[]> fetch;
        try {
            fetch = fetchers.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    throw new CancellationException("the caller gave up before the fetch started");
                }
                long started = System.nanoTime();
                FetchListener.Outcome outcome = FetchListener.Outcome.FAILED;
                try {
                    List<InetAddress> addresses = guard.resolve(uri.getHost());
                    byte[] body = http.get(uri, addresses, MAX_BYTES, deadline).body();
                    outcome = FetchListener.Outcome.OK;
                    return body;
                } catch (MetadataDocumentException e) {
                    outcome = e.outcome();
                    throw e;
                } finally {
                    limits.release(host);
                    fetches.fetched(FetchListener.Kind.JWKS, outcome, System.nanoTime() - started);
                }
            });
        } catch (RejectedExecutionException e) {
            limits.release(host);
            fetches.fetched(FetchListener.Kind.JWKS, FetchListener.Outcome.BUSY, -1);
            throw new IOException("no thread to fetch the key set");
        }
        try {
            byte[] body = fetch.get(Math.max(0, deadline.remainingNanos()) + TimeUnit.MILLISECONDS.toNanos(
                    GRACE_MILLIS), TimeUnit.NANOSECONDS);
            return new Resource(new String(body, StandardCharsets.UTF_8), "application/json");
        } catch (ExecutionException e) {
            LOG.info(() -> "client key set " + LogText.line(uri.toString()) + " not fetched: "
                    + LogText.line(String.valueOf(e.getCause().getMessage())));
            throw new IOException("the key set could not be fetched");
        } catch (TimeoutException e) {
            fetch.cancel(true);
            releaseIfNeverStarted(claimed, host);
            throw new IOException("the key set fetch outlived its deadline");
        } catch (InterruptedException e) {
            fetch.cancel(true);
            releaseIfNeverStarted(claimed, host);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the key set");
        }
    }

    /** The host's slot back, and the fetch told as timed out, when the fetch never started and now never will. */
    private void releaseIfNeverStarted(AtomicBoolean claimed, String host) {
        if (claimed.compareAndSet(false, true)) {
            limits.release(host);
            fetches.fetched(FetchListener.Kind.JWKS, FetchListener.Outcome.TIMEOUT, -1);
        }
    }
}
