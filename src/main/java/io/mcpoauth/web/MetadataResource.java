package io.mcpoauth.web;

import io.mcpoauth.server.MetadataService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Authorization server metadata (RFC 8414 3). */
@Path("/.well-known/oauth-authorization-server")
public class MetadataResource {

    @Inject
    MetadataService metadata;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> metadata() {
        return metadata.metadata();
    }
}
