package io.mcpoauth.hostile;

import io.mcpoauth.it.Pkce;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.logging.Logger;

/**
 * Issue 13 item 2: inputs far beyond any legitimate size, each of which alone exhausted a 512 MB heap: unique
 * multi-megabyte client ids at {@code /token}, a {@code state} of more than 10 MB at {@code /authorize},
 * multi-megabyte client id URLs, and a body of hundreds of megabytes at {@code /register} (generated while sent).
 * Each must be refused with a 4xx (a streamed body may also be cut off by closing the connection), and in
 * between the server must keep answering; at the end a legitimate grant completes, the heap was never
 * exhausted, and the log did not grow with the junk.
 */
final class OversizedInputs {

    static final String SCENARIO = "2 oversized inputs";
    private static final int MB = 1024 * 1024;
    static final int UNIQUE_CLIENT_IDS = 30;
    static final int CLIENT_ID_BYTES = 5 * MB;
    static final int LARGE_STATES = 8;
    static final int STATE_BYTES = 12 * MB;
    static final int CLIENT_ID_URLS = 6;
    static final long REGISTER_BODY_BYTES = 300L * MB;
    static final long REGISTER_CHUNKED_BYTES = 100L * MB;
    /** The log may grow by this much while the scenario sends over 700 MB of junk: fields are truncated. */
    static final int NESTING = 5_000;
    static final long MAX_LOG_GROWTH = 16L * MB;
    private static final Logger LOG = Logger.getLogger(OversizedInputs.class.getName());

    private final Target target;
    private final RawHttp attacker;

    OversizedInputs(Target target) {
        this.target = Objects.requireNonNull(target, "target");
        this.attacker = target.attacker(Duration.ofSeconds(60));
    }

    void run(Findings findings) throws java.io.IOException {
        long logBefore = target.server().logSize();
        refuseEach(findings, "5 MB unique client_id at POST /token", UNIQUE_CLIENT_IDS, i -> form("/token",
                "grant_type=client_credentials&client_secret=wrong&client_id=attacker-" + i + "-", CLIENT_ID_BYTES));
        refuseEach(findings, "12 MB state at POST /authorize", LARGE_STATES, i -> form("/authorize",
                "response_type=code&client_id=" + LegitimateClient.PUBLIC_CLIENT + "&redirect_uri="
                        + Request.enc(LegitimateClient.REDIRECT) + "&" + Pkce.PARAMETERS
                        + "&scope=mcp%3Aread&state=s" + i + "-",
                STATE_BYTES));
        String documentPrefix = Request.enc(target.documents().url("/apps/"));
        refuseEach(findings, "5 MB client_id URL at POST /authorize", CLIENT_ID_URLS, i -> form("/authorize",
                "response_type=code&" + Pkce.PARAMETERS + "&redirect_uri=" + Request.enc(LegitimateClient.REDIRECT) + "&client_id=" + documentPrefix
                        + "u" + i + "-", CLIENT_ID_BYTES));
        refuseEach(findings, "5 MB client_id URL at POST /token", CLIENT_ID_URLS, i -> form("/token",
                "grant_type=authorization_code&code=x&code_verifier=" + "v".repeat(43) + "&client_id="
                        + documentPrefix + "t" + i + "-", CLIENT_ID_BYTES));
        refuseEach(findings, "5 MB client_id URL in the query of GET /authorize", 1, i -> Request.get(
                "/authorize?response_type=code&client_id=" + documentPrefix + "q" + "a".repeat(CLIENT_ID_BYTES))
                .labelled("GET /authorize?client_id=<5 MB URL>"));
        refuseEach(findings, "300 MB body at POST /register", 1, i -> Request.withBody("POST", "/register",
                "application/json", Request.Payload.generated("{\"redirect_uris\":[\"http://127.0.0.1/cb\"],"
                        + "\"token_endpoint_auth_method\":\"none\",\"client_name\":\"", (byte) 'a', "\"}",
                        REGISTER_BODY_BYTES, false)));
        refuseEach(findings, "100 MB chunked body at POST /register", 1, i -> Request.withBody("POST", "/register",
                "application/json", Request.Payload.generated("{\"redirect_uris\":[\"http://127.0.0.1/cb\"],"
                        + "\"client_name\":\"", (byte) 'a', "\"}", REGISTER_CHUNKED_BYTES, true)));
        // Item 7: nesting deep enough to overflow a recursive parser's stack.
        refuseEach(findings, "5,000 nested [ at POST /register", 1, i -> Request.withBody("POST", "/register",
                "application/json", Request.Payload.of("{\"redirect_uris\":" + "[".repeat(NESTING)))
                .labelled("POST /register {\"redirect_uris\":[[[[...(" + NESTING + ")"));
        // From a fresh address: the flood before has used up 127.0.0.1's allowance at /authorize.
        refuseEach(findings, target.attackerFrom("127.0.0.3", Duration.ofSeconds(30)),
                "a metadata document of 5,000 nested [ at GET /authorize", 2, i -> Request.get(
                "/authorize?response_type=code&" + Pkce.PARAMETERS + "&redirect_uri="
                        + Request.enc(LegitimateClient.REDIRECT)
                        + "&client_id=" + Request.enc(target.documents().url(HostileClientIT.NESTED_DOCUMENT))));
        long growth = target.server().logSize() - logBefore;
        LOG.info(() -> "oversized inputs: the server's log grew by " + growth / 1024 + " KiB");
        if (growth > MAX_LOG_GROWTH) {
            findings.add("the server's log grew by " + growth / MB + " MB while it refused oversized input (at most "
                    + MAX_LOG_GROWTH / MB + " MB expected: log and audit fields truncated)");
        }
    }

    /**
     * Sends {@code count} requests, each refused on its own: a 4xx, a redirect carrying an error, or a closed
     * connection while a body was still being sent. Then the server must still answer its metadata.
     */
    private void refuseEach(Findings findings, String what, int count, IntFunction<Request> request) {
        refuseEach(findings, attacker, what, count, request);
    }

    private void refuseEach(Findings findings, RawHttp from, String what, int count, IntFunction<Request> request) {
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        int accepted = 0;
        String example = null;
        for (int i = 0; i < count; i++) {
            RawHttp.Reply r = target.audit().check(SCENARIO, from.send(request.apply(i)));
            String outcome = refusal(r);
            outcomes.merge(outcome == null ? String.valueOf(r.status()) : outcome, 1, Integer::sum);
            if (outcome == null) {
                accepted++;
                example = example == null ? ResponseAudit.line(r) : example;
            }
        }
        LOG.info(() -> "oversized inputs: " + what + ": " + outcomes);
        if (accepted > 0) {
            findings.add(what + ": " + accepted + " of " + count + " not refused with a 4xx " + outcomes + ", e.g. "
                    + example);
        }
        findings.attempt("metadata after " + what, target.legitimate(SCENARIO)::metadata);
    }

    /** How the server refused, or null when it did not. */
    private static String refusal(RawHttp.Reply r) {
        if (r.status() >= 400 && r.status() < 500) {
            return String.valueOf(r.status());
        }
        String location = r.header("Location");
        if ((r.status() == 302 || r.status() == 303) && location != null && location.length() < 8192
                && location.contains("error=")) {
            return r.status() + " with error";
        }
        if (r.status() < 0 && r.failure().startsWith("closed while sending")) {
            return "connection closed while sending";
        }
        return null;
    }

    /** A form body: the fixed parameters, then the last one's value padded with 'a' to {@code bytes} in all. */
    private static Request form(String path, String fixed, int bytes) {
        return Request.withBody("POST", path, "application/x-www-form-urlencoded",
                Request.Payload.generated(fixed, (byte) 'a', "", bytes, false))
                .labelled("POST " + path + " " + fixed.replaceAll("=[^&]{60,}", "=<long>") + "<" + bytes / MB + " MB>");
    }
}
