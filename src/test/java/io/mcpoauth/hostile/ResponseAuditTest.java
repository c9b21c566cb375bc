package io.mcpoauth.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the hostile suite counts as a broken answer, checked without a server. */
class ResponseAuditTest {

    private static RawHttp.Reply reply(String method, int status, String body, String... headers) {
        List<String[]> h = new java.util.ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(new String[] {headers[i], headers[i + 1]});
        }
        Request request = new Request(method, "/token".getBytes(), List.of(), null, method + " /token");
        return new RawHttp.Reply(request, status, h, body, body.length(), Duration.ZERO, null);
    }

    @Test
    void problemWhenServerErrorOrBusyWithoutRetryAfterThenReported() {
        assertTrue(ResponseAudit.problem(reply("POST", 500, "{\"error\":\"server_error\"}")).isPresent());
        assertTrue(ResponseAudit.problem(reply("POST", 503, "{}")).isPresent());
        assertTrue(ResponseAudit.problem(reply("POST", 501, "")).isPresent(), "POST is a method this server serves");
        assertTrue(ResponseAudit.problem(reply("POST", 503, "{}", "Retry-After", "5")).isEmpty());
        assertTrue(ResponseAudit.problem(reply("PROPFIND", 501, "")).isEmpty(), "RFC 9110 15.6.2");
    }

    @Test
    void problemWhenBodyNamesJavaInternalsThenReportedWithTheWholeName() {
        assertEquals("internals in the body (\"java.lang.NullPointerException\")", ResponseAudit.problem(
                reply("POST", 400, "<p>java.lang.NullPointerException: values</p>")).orElseThrow());
        assertTrue(ResponseAudit.problem(reply("GET", 401, "fetch failed: HttpTimeoutException")).isPresent());
        assertTrue(ResponseAudit.problem(reply("GET", 400, "x\n\tat io.mcpoauth.web.TokenResource.token")).isPresent());
        assertTrue(ResponseAudit.problem(reply("GET", 400, "StackOverflowError")).isPresent());
        assertTrue(ResponseAudit.problem(reply("GET", 400,
                "{\"error\":\"invalid_request\",\"error_description\":\"parameter state is too long\"}")).isEmpty());
        assertTrue(ResponseAudit.problem(reply("GET", 400, "<title>Error - mcp-oauth</title>")).isEmpty());
    }

    @Test
    void violationsWhenManyOfOneKindThenOneLineWithTheCountAndAnExample() {
        ResponseAudit audit = new ResponseAudit();
        for (int i = 0; i < 3; i++) {
            audit.check("s", reply("POST", 500, "boom " + i));
        }
        audit.check("s", reply("POST", 200, "{}"));
        List<String> lines = audit.violations("s");
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("3 x status 500 at POST /token, e.g. POST /token -> 500 boom 0"), lines.get(0));
        assertEquals("s: 200x1 500x3\n", audit.statuses());
    }

    @Test
    void oneLineWhenControlOrInvisibleCharactersThenEscaped() {
        assertEquals("a b\\u0000c\\u2028d\\u202ee", ResponseAudit.oneLine("a\r\n\tb\u0000c\u2028d\u202ee"));
    }
}
