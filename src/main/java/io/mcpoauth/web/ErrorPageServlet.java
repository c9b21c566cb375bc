package io.mcpoauth.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's error pages (web.xml {@code <error-page>}): an error that escapes JAX-RS (a path the
 * container serves itself, a request it refuses, a {@link Throwable} thrown outside the resources) gets the
 * RFC 6749 5.2 JSON body every endpoint gives, never the server's HTML page naming Java classes. Requested
 * directly, the path is unknown (404) like any other.
 */
@WebServlet(name = "mcp-oauth-error-page", urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

    static final String PATH = "/error";
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = request.getDispatcherType() == DispatcherType.ERROR && code instanceof Integer i ? i : 404;
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (thrown instanceof Throwable t) {
            if (BodyTooLargeException.isCause(t)) {
                ServletErrors.write(response, 413, "invalid_request", ServletErrors.description(413));
                return;
            }
            String reference = UnexpectedExceptionMapper.log(t);
            ServletErrors.write(response, 500, "server_error", "internal error, reference " + reference);
            return;
        }
        if (status < 400) {
            status = 500;
        }
        ServletErrors.write(response, status, ServletErrors.code(status), ServletErrors.description(status));
    }
}
