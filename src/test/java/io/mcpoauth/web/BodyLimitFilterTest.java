package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BodyLimitFilterTest {

    /** An endless body that counts what was taken from it, as a chunked upload that never ends would be. */
    private static final class Endless extends InputStream {
        final AtomicLong taken = new AtomicLong();

        @Override
        public int read() {
            taken.incrementAndGet();
            return 'a';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'a');
            taken.addAndGet(len);
            return len;
        }
    }

    private static HttpServletRequest request(String path, long declared, InputStream body, String contentType) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getServletPath", "");
        answers.put("getPathInfo", path);
        answers.put("getContentLengthLong", declared);
        answers.put("getContentType", contentType);
        answers.put("getMethod", "POST");
        answers.put("getInputStream", ServletFakes.stream(body));
        return ServletFakes.request(answers);
    }

    private static ServletFakes.Response filter(HttpServletRequest request, AtomicReference<ServletRequest> passed)
            throws Exception {
        ServletFakes.Response response = new ServletFakes.Response();
        new BodyLimitFilter().doFilter(request, response.servlet, (req, res) -> passed.set(req));
        return response;
    }

    /** Regression: a declared 5 MB form was read whole before anything looked at it. */
    @Test
    void filterWhenDeclaredLengthOverTheCapThen413JsonWithoutReadingOrPassingOn() throws Exception {
        Endless body = new Endless();
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        ServletFakes.Response r = filter(request("/token", 5_000_000, body, "application/x-www-form-urlencoded"),
                passed);
        assertEquals(413, r.status);
        assertEquals("{\"error\":\"invalid_request\",\"error_description\":\"request body too large\"}", r.text());
        assertEquals("application/json", r.headers.get("Content-Type"));
        assertEquals("no-store", r.headers.get("Cache-Control"));
        assertNull(passed.get());
        assertEquals(0, body.taken.get());
        assertEquals(413, filter(request("/register", BodyLimitFilter.REGISTRATION_CAP + 1, body, "application/json"),
                passed).status);
    }

    @Test
    void filterWhenBodyUndeclaredThenReadStopsAtTheCap() throws Exception {
        Endless body = new Endless();
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        ServletFakes.Response r = filter(request("/token", -1, body, "application/x-www-form-urlencoded"), passed);
        assertEquals(200, r.status, "passed on: the cap applies while the body is read");
        ServletInputStream in = passed.get().getInputStream();
        assertThrows(BodyTooLargeException.class, in::readAllBytes);
        assertTrue(body.taken.get() <= BodyLimitFilter.FORM_CAP + 8192, "read " + body.taken.get());
        assertThrows(BodyTooLargeException.class, in::read, "and every read after it");
        assertThrows(BodyTooLargeException.class, () -> passed.get().getReader().read());
    }

    @Test
    void filterWhenAdminImportThenStreamNotCapped() throws Exception {
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        HttpServletRequest request = request("/admin/import", 500_000_000L, new Endless(), "application/x-ndjson");
        assertEquals(200, filter(request, passed).status);
        assertSame(request, passed.get(), "the request itself, not a capped wrapper");
    }

    @Test
    void filterWhenCharsetUnknownOrPostUntypedThen415() throws Exception {
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        ServletFakes.Response r = filter(request("/token", 3, new Endless(),
                "application/x-www-form-urlencoded; charset=bogus"), passed);
        assertEquals(415, r.status);
        assertNull(passed.get());
        assertFalse(BodyLimitFilter.knownCharset("text/plain; charset=\"no such charset!\""));
        assertTrue(BodyLimitFilter.knownCharset("application/x-www-form-urlencoded; charset=UTF-8"));
        assertTrue(BodyLimitFilter.knownCharset("application/json"));
        assertTrue(BodyLimitFilter.knownCharset(null));
        ServletFakes.Response untyped = filter(request("/login", 0, new Endless(), null), passed);
        assertEquals(415, untyped.status);
        assertTrue(untyped.text().contains("Content-Type"), untyped.text());
        assertNull(passed.get());
    }

    @Test
    void capWhenPathThenRegistrationSmallerImportNoneOthersForms() {
        assertEquals(16 * 1024, BodyLimitFilter.cap("/register"));
        assertEquals(Long.MAX_VALUE, BodyLimitFilter.cap("/admin/import"));
        for (String path : new String[] {"/token", "/revoke", "/introspect", "/authorize", "/login", "/consent",
                "/admin/consents/revoke", "/anything"}) {
            assertEquals(64 * 1024, BodyLimitFilter.cap(path), path);
        }
    }

    @Test
    void cappedStreamWhenBodyExactlyAtTheCapThenReadWhole() throws IOException {
        byte[] body = new byte[1000];
        java.util.Arrays.fill(body, (byte) 'x');
        CappedInputStream in = new CappedInputStream(ServletFakes.stream(new ByteArrayInputStream(body)), 1000);
        assertArrayEquals(body, in.readAllBytes());
        assertEquals(-1, in.read());
        CappedInputStream over = new CappedInputStream(ServletFakes.stream(new ByteArrayInputStream(body)), 999);
        BodyTooLargeException e = assertThrows(BodyTooLargeException.class, over::readAllBytes);
        assertNotNull(e.getMessage());
        assertTrue(BodyTooLargeException.isCause(new RuntimeException(new IOException(e))));
    }
}
