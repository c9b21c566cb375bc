package io.mcpoauth.cimd;

import java.time.Duration;

/** Settings and documents for the metadata-document tests. */
final class TestCimd {

    private TestCimd() {
    }

    static CimdSettings settings(boolean allowPrivate) {
        return new CimdSettings(true, allowPrivate, 4096, Duration.ofSeconds(5), Duration.ofMinutes(1),
                Duration.ofHours(24), 16, 2, 16L * 1024 * 1024);
    }

    /** Loopback allowed, with the given deadline and fetch slots. */
    static CimdSettings settings(Duration timeout, int maxFetches, int maxFetchesPerHost, long cacheBytes) {
        return new CimdSettings(true, true, 4096, timeout, Duration.ofMinutes(1), Duration.ofHours(24), maxFetches,
                maxFetchesPerHost, cacheBytes);
    }

    static String doc(String clientId, String extra) {
        return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Doc App\","
                + "\"redirect_uris\":[\"http://127.0.0.1:7777/cb\"]" + extra + "}";
    }
}
