package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuntimeEndpointsFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"GET", "OPTIONS", "POST", "HEAD"})
    void filterWhenRuntimeEndpointRequestedThen404JsonAndNothingServes(String method) throws Exception {
        AtomicBoolean served = new AtomicBoolean();
        ServletFakes.Response r = new ServletFakes.Response();
        new RuntimeEndpointsFilter().doFilter(ServletFakes.request(Map.of("getMethod", method,
                "getServletPath", "/openapi")), r.servlet, (req, res) -> served.set(true));
        assertEquals(404, r.status);
        assertEquals("application/json", r.headers.get("Content-Type"));
        assertTrue(r.text().startsWith("{\"error\":"), r.text());
        assertFalse(r.text().contains("wadl"), r.text());
        assertFalse(served.get());
    }
}
