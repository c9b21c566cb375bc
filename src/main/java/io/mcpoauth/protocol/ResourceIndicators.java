package io.mcpoauth.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** RFC 8707 resource indicators: absolute URIs without a fragment. */
public final class ResourceIndicators {

    private ResourceIndicators() {
    }

    /**
     * Validates and normalises the {@code resource} values. {@code https://host} and {@code https://host/} name
     * the same resource (MCP SDK clients send {@code URL.href}, which adds the slash), so an empty path
     * becomes {@code /}.
     */
    public static List<String> normalise(List<String> raw) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String value : raw) {
            out.add(normalise(value));
        }
        return new ArrayList<>(out);
    }

    public static String normalise(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw OAuthException.invalidTarget("resource is not a valid URI");
        }
        // RFC 8707 2: MUST be an absolute URI and MUST NOT include a fragment component.
        if (!uri.isAbsolute() || uri.getFragment() != null || uri.isOpaque()) {
            throw OAuthException.invalidTarget("resource must be an absolute URI without a fragment");
        }
        if (uri.getRawAuthority() == null) {
            throw OAuthException.invalidTarget("resource must name a host");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT)
                + path + query;
    }
}
