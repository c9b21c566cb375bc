package io.mcpoauth.bench.ceiling;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The benchmark's ceiling: JAX-RS on the same server as the product, with nothing behind it. */
@ApplicationPath("/")
public class CeilingApplication extends Application {
}
