package io.mcpoauth.bench.ceiling;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * What an introspection request costs the server before any OAuth work: a form POST read by JAX-RS and a
 * small JSON object written through the same JSON-B provider, with the same no-store headers.
 */
@Path("/empty")
public class EmptyResource {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response empty(MultivaluedMap<String, String> form) {
        return Response.ok(Map.of("active", form.containsKey("token")))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
