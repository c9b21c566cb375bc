package io.mcpoauth.web;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Setting;
import io.mcpoauth.config.Lists;

import io.mcpoauth.login.CidrRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which address a request counts as coming from ({@code mcp.oauth.http.*}), for the per-address rate limits and
 * the audit log. By default it is the peer's; behind a reverse proxy every request would then share the proxy's
 * address, so one caller's failures would lock out everyone. A proxy's forwarding header is believed only when the
 * peer lies in {@code trustedProxies}, since any client can send one.
 *
 * @param trustedProxies {@code mcp.oauth.http.trusted-proxies}: CIDR ranges of the reverse proxies in front of the
 *                       server (default empty: forwarding headers are ignored)
 * @param header         {@code mcp.oauth.http.client-address-header}: the header those proxies set, either
 *                       {@code X-Forwarded-For} (default) or {@code Forwarded} (RFC 7239). Only one is read: a
 *                       proxy that sets one passes the other on as the client wrote it.
 */
public record ForwardedSettings(List<CidrRange> trustedProxies, String header) {

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    public static final String FORWARDED = "Forwarded";
    public static final ForwardedSettings NONE = new ForwardedSettings(List.of(), X_FORWARDED_FOR);

    public ForwardedSettings {
        trustedProxies = List.copyOf(trustedProxies);
        Objects.requireNonNull(header, "header");
    }

    public static ForwardedSettings load(ConfigSource c) {
        String key = "mcp.oauth.http.trusted-proxies";
        List<CidrRange> ranges = new ArrayList<>();
        for (String cidr : Lists.split(c.get(key, ""))) {
            try {
                ranges.add(CidrRange.parse(cidr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
        }
        String headerKey = "mcp.oauth.http.client-address-header";
        String header = c.get(headerKey, X_FORWARDED_FOR);
        String canonical = switch (header.toLowerCase(Locale.ROOT)) {
            case "x-forwarded-for" -> X_FORWARDED_FOR;
            case "forwarded" -> FORWARDED;
            default -> throw new IllegalArgumentException(headerKey + ": must be X-Forwarded-For or Forwarded, not "
                    + Setting.quote(header));
        };
        return new ForwardedSettings(ranges, canonical);
    }
}
