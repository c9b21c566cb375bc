package io.mcpoauth.cimd;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long a fetched document is kept: its {@code Cache-Control max-age}, within the configured bounds. */
final class CachePolicy {

    private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*(\\d{1,10})");
    private static final Duration DEFAULT = Duration.ofMinutes(5);

    private CachePolicy() {
    }

    static Duration lifetime(String cacheControl, CimdSettings settings) {
        String cc = cacheControl.toLowerCase(Locale.ROOT);
        Duration wanted = DEFAULT;
        if (cc.contains("no-store") || cc.contains("no-cache")) {
            wanted = Duration.ZERO;
        } else {
            Matcher m = MAX_AGE.matcher(cc);
            if (m.find()) {
                wanted = Duration.ofSeconds(Long.parseLong(m.group(1)));
            }
        }
        if (wanted.compareTo(settings.minCache()) < 0) {
            return settings.minCache();
        }
        return wanted.compareTo(settings.maxCache()) > 0 ? settings.maxCache() : wanted;
    }
}
