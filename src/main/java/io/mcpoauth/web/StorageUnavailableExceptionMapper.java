package io.mcpoauth.web;

import io.mcpoauth.store.StorageUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Storage that cannot answer: 503 with {@code Retry-After} (see {@link ErrorRoutes}), never a 500. */
@Provider
public class StorageUnavailableExceptionMapper implements ExceptionMapper<StorageUnavailableException> {

    @Override
    public Response toResponse(StorageUnavailableException e) {
        return ErrorRoutes.answer(e).toResponse();
    }
}
