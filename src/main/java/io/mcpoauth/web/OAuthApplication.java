package io.mcpoauth.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Serves every endpoint from the context root: {@code /authorize}, {@code /token}, {@code /.well-known/...}. */
@ApplicationPath("/")
public class OAuthApplication extends Application {
}
