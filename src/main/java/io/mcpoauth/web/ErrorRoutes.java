package io.mcpoauth.web;

import io.mcpoauth.audit.LogText;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.UserFacingException;
import io.mcpoauth.server.AuthorizationRedirectException;
import io.mcpoauth.server.EndpointDisabledException;
import io.mcpoauth.store.StorageUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where an error goes, decided by its type alone, never by the path it came from:
 * <ul>
 * <li>{@link AuthorizationRedirectException}: back to the client's redirect URI (RFC 6749 4.1.2.1);</li>
 * <li>{@link UserFacingException}: a page for the user;</li>
 * <li>any other {@link OAuthException}: RFC 6749 5.2 JSON for the client, with {@code Retry-After} when it must
 * wait (a rate limit's 429);</li>
 * <li>{@link StorageUnavailableException}: 503 {@code temporarily_unavailable} with {@code Retry-After};</li>
 * <li>{@link EndpointDisabledException}: 404 {@code not_found}, as an unknown path.</li>
 * </ul>
 * An error's debug detail, and a storage failure's message, are logged here (level FINE) and never written.
 */
final class ErrorRoutes {

    private static final Logger LOG = Logger.getLogger(ErrorRoutes.class.getName());
    /** What the client is told of a storage failure, whatever the backend said. */
    static final String STORAGE_UNAVAILABLE = "storage is temporarily unavailable";

    private ErrorRoutes() {
    }

    /**
     * Runs the work of a page the browser navigates to (the authorization endpoint, the login and consent steps):
     * what fails under it is the user's to see as a page, unless it is routed already (a redirect to the client,
     * or a page). The resources of these pages are the code that knows a person is looking.
     */
    static Response shownToUser(Supplier<Response> page) {
        try {
            return page.get();
        } catch (AuthorizationRedirectException | UserFacingException routed) {
            throw routed;
        } catch (OAuthException e) {
            throw new UserFacingException(e);
        } catch (StorageUnavailableException e) {
            throw new UserFacingException(OAuthError.TEMPORARILY_UNAVAILABLE, STORAGE_UNAVAILABLE, e.getMessage(), e,
                    0);
        }
    }

    /**
     * @param redirects the redirect URI that reports an error to the client, with {@code state} and {@code iss}
     */
    static Answer answer(OAuthException e, Function<AuthorizationRedirectException, String> redirects) {
        logDebug(e);
        if (e instanceof AuthorizationRedirectException redirect) {
            return new Answer(302, Map.of(HttpHeaders.LOCATION, redirects.apply(redirect),
                    HttpHeaders.CACHE_CONTROL, "no-store"), null);
        }
        Answer answer = e instanceof UserFacingException
                ? Pages.errorAnswer(e.error().httpStatus(), e.error().code(), e.description())
                : Responses.errorAnswer(e.error(), e.description());
        if (e.retryAfterSeconds() > 0) {
            return answer.with(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
        }
        if (answer.status() == 503) {
            // RFC 9110 15.6.4: a page for the user says when to try again just as the JSON answer does.
            return answer.with(HttpHeaders.RETRY_AFTER, Responses.RETRY_AFTER_SECONDS);
        }
        return answer;
    }

    static Answer answer(StorageUnavailableException e) {
        LOG.log(Level.FINE, () -> "answered 503: " + LogText.line(e.getMessage()));
        return Responses.errorAnswer(OAuthError.TEMPORARILY_UNAVAILABLE, STORAGE_UNAVAILABLE);
    }

    static Answer answer(EndpointDisabledException e) {
        return Responses.errorAnswer(Responses.NOT_FOUND, e.getMessage());
    }

    private static void logDebug(OAuthException e) {
        if (e.debug() != null) {
            LOG.log(Level.FINE, () -> "answered " + e.error().code() + " (" + e.error().httpStatus() + "): "
                    + LogText.line(e.debug()));
        }
    }
}
