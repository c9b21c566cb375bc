package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ErrorPageServletTest {

    private static ServletFakes.Response error(Integer status, Throwable thrown) throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(RequestDispatcher.ERROR_STATUS_CODE, status);
        attributes.put(RequestDispatcher.ERROR_EXCEPTION, thrown);
        Map<String, Object> answers = new HashMap<>();
        answers.put("getDispatcherType", DispatcherType.ERROR);
        answers.put("getAttribute", (Function<Object, Object>) attributes::get);
        ServletFakes.Response response = new ServletFakes.Response();
        new ErrorPageServlet().service(ServletFakes.request(answers), response.servlet);
        return response;
    }

    @Test
    void errorPageWhenContainerStatusThenRfcJsonPerStatus() throws Exception {
        ServletFakes.Response notFound = error(404, null);
        assertEquals(404, notFound.status);
        assertEquals("{\"error\":\"not_found\",\"error_description\":\"no such endpoint\"}", notFound.text());
        assertEquals("application/json", notFound.headers.get("Content-Type"));
        assertEquals("no-store", notFound.headers.get("Cache-Control"));
        assertEquals("{\"error\":\"invalid_request\",\"error_description\":\"method not allowed\"}",
                error(405, null).text());
        assertEquals(415, error(415, null).status);
        ServletFakes.Response unavailable = error(503, null);
        assertTrue(unavailable.text().contains("temporarily_unavailable"));
        assertEquals(Responses.RETRY_AFTER_SECONDS, unavailable.headers.get("Retry-After"));
    }

    @Test
    void errorPageWhenThrowableThenServerErrorWithReferenceAndNoClassName() throws Exception {
        ServletFakes.Response r = error(500, new IllegalStateException("secret detail in java.lang.String"));
        assertEquals(500, r.status);
        assertTrue(r.text().startsWith("{\"error\":\"server_error\",\"error_description\":\"internal error, reference "),
                r.text());
        assertFalse(r.text().contains("Exception") || r.text().contains("java.") || r.text().contains("secret"),
                r.text());
        assertEquals(413, error(500, new RuntimeException(new BodyTooLargeException(10))).status);
    }

    @Test
    void errorPageWhenRequestedDirectlyThenNotFound() throws Exception {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getDispatcherType", DispatcherType.REQUEST);
        ServletFakes.Response response = new ServletFakes.Response();
        new ErrorPageServlet().service(ServletFakes.request(answers), response.servlet);
        assertEquals(404, response.status);
    }
}
