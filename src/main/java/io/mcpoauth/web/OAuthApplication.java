package io.mcpoauth.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** Serves every endpoint from the context root: {@code /authorize}, {@code /token}, {@code /.well-known/...}. */
@ApplicationPath("/")
public class OAuthApplication extends Application {

    /** No generated WADL description on OPTIONS (a Jersey property; other implementations ignore it). */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
