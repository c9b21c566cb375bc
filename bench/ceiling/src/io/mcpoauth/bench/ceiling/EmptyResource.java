package io.mcpoauth.bench.ceiling;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * What an introspection request costs the server before any OAuth work: a form POST read by JAX-RS and a
 * small JSON object written as text, as the product writes its answers, with the same no-store headers. (Not
 * through JSON-B: RESTEasy on WildFly builds a Jsonb per request for a deployment without CDI, which made this
 * endpoint cost three times an introspection there.)
 */
@Path("/empty")
public class EmptyResource {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response empty(MultivaluedMap<String, String> form) {
        return Response.ok(form.containsKey("token") ? "{\"active\":true}" : "{\"active\":false}")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
