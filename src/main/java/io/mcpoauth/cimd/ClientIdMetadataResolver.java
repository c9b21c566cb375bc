package io.mcpoauth.cimd;

import io.mcpoauth.config.CimdSettings;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.ClientRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Resolves an https {@code client_id} to a client by fetching its Client ID Metadata Document (MCP
 * 2025-11-25 authorization, draft-ietf-oauth-client-id-metadata-document). Fetches follow no redirects,
 * are limited in size and time, and go only to public addresses unless configured otherwise. Results,
 * failures included, are cached per the response's {@code Cache-Control} within configured bounds, so a
 * flood of requests naming one URL causes one fetch.
 */
public final class ClientIdMetadataResolver {

    private static final Logger LOG = Logger.getLogger(ClientIdMetadataResolver.class.getName());
    private static final int MAX_CACHED = 10_000;

    private final CimdSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final AddressGuard guard;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ClientRecord client, String error, Instant until) {
    }

    public ClientIdMetadataResolver(CimdSettings settings, HttpClient http, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.guard = new AddressGuard(settings.allowPrivateAddresses());
    }

    /** An HTTP client that never follows redirects, for production use. */
    public static HttpClient defaultClient(CimdSettings settings) {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout())
                .build();
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
     * @throws OAuthException {@code invalid_client} with the reason when the document is not acceptable
     */
    public ClientRecord resolve(String url) {
        Instant now = clock.instant();
        Cached hit = cache.get(url);
        if (hit == null || !now.isBefore(hit.until())) {
            hit = fetchAndCache(url, now);
        }
        if (hit.client() == null) {
            throw OAuthException.invalidClient("client metadata document rejected: " + hit.error());
        }
        return hit.client();
    }

    private Cached fetchAndCache(String url, Instant now) {
        Cached result;
        try {
            Fetched fetched = fetch(checkUrl(url));
            ClientRecord client = MetadataDocument.parse(url, fetched.body(), now);
            result = new Cached(client, null, now.plus(CachePolicy.lifetime(fetched.cacheControl(), settings)));
        } catch (MetadataDocumentException e) {
            LOG.info(() -> "client metadata document " + url + " rejected: " + e.getMessage());
            result = new Cached(null, e.getMessage(), now.plus(settings.minCache()));
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(url, result);
        return result;
    }

    /** The document URL rules: https, a path, no fragment, no credentials, no dot segments. */
    static URI checkUrl(String url) {
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

    private record Fetched(byte[] body, String cacheControl) {
    }

    private Fetched fetch(URI uri) {
        guard.check(uri.getHost());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new MetadataDocumentException("fetch answered HTTP " + response.statusCode());
                }
                byte[] body = in.readNBytes(settings.maxBytes() + 1);
                if (body.length > settings.maxBytes()) {
                    throw new MetadataDocumentException("document larger than " + settings.maxBytes() + " bytes");
                }
                return new Fetched(body, response.headers().firstValue("Cache-Control").orElse(""));
            }
        } catch (IOException e) {
            throw new MetadataDocumentException("fetch failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataDocumentException("fetch interrupted");
        }
    }
}
