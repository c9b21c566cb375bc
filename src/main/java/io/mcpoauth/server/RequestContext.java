package io.mcpoauth.server;

/** Facts about the HTTP request the provider needs for audit and rate limits, without HTTP types. */
public record RequestContext(String remoteAddress) {

    public static final RequestContext UNKNOWN = new RequestContext("unknown");

    public RequestContext {
        remoteAddress = remoteAddress == null ? "unknown" : remoteAddress;
    }
}
