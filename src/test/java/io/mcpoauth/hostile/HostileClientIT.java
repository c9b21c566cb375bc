package io.mcpoauth.hostile;

import io.mcpoauth.cimd.TestHttpsServer;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hostile-client suite (issue 13): one Payara Micro with a small heap, in the demo configuration, attacked
 * in turn by bounded floods of slow metadata documents, oversized inputs and lockout attempts, then by a seeded
 * fuzz pass over every endpoint. Every answer of every scenario is checked (no 5xx other than 503 with
 * {@code Retry-After}, no internals in a body), and after each scenario metadata, health and a whole legitimate
 * grant (sign-in, consent, code with PKCE, refresh, introspection) answer within seconds. Each scenario lists all
 * of its problems when it fails. Everything runs on loopback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientIT {

    private static final int PORT = 8646;
    /** A metadata document of 5,000 nested arrays, on the loopback document host. */
    static final String NESTED_DOCUMENT = "/apps/nested.json";
    private static final Logger LOG = Logger.getLogger(HostileClientIT.class.getName());
    private static TestHttpsServer documents;
    private static HostileServer server;
    private static Target target;

    @BeforeAll
    static void start() throws Exception {
        documents = new TestHttpsServer();
        documents.serve("/apps/fuzz.json", 200, "{\"client_id\":\"" + documents.url("/apps/fuzz.json")
                + "\",\"client_name\":\"Fuzz app\",\"redirect_uris\":[\"http://127.0.0.1/callback\"]}",
                Map.of("Cache-Control", "max-age=300"));
        documents.serve(NESTED_DOCUMENT, 200, "[".repeat(OversizedInputs.NESTING), Map.of());
        documents.serve("/apps/huge.json", 200, "{\"client_name\":\"" + "a".repeat(200_000) + "\"}", Map.of());
        documents.serve("/apps/not-json.json", 200, "<html>not json</html>", Map.of());
        server = HostileServer.start(PORT, documents.keystore());
        target = new Target(server, documents);
        // Warm: the first grant after a start is slow, and is no measure of an attack.
        target.legitimate("warm-up").grant();
    }

    @AfterAll
    static void stop() throws Exception {
        if (target != null) {
            LOG.info(() -> "statuses of every answer, per scenario (-1: no answer):\n" + target.audit().statuses());
        }
        if (server != null) {
            server.close();
        }
        if (documents != null) {
            documents.close();
        }
    }

    @Test
    @Order(1)
    void slowMetadataDocumentFloodWhenHeldThenServerStillAnswersAndLegitimateGrantCompletes() throws Exception {
        Findings findings = new Findings(SlowDocumentFlood.SCENARIO);
        long log = server.logSize();
        if (findings.attempt("metadata before the scenario", target.legitimate(findings.scenario())::metadata)) {
            new SlowDocumentFlood(target).run(findings);
            target.assertRecovered(findings, log);
        }
        findings.assertNone(target.audit());
    }

    @Test
    @Order(2)
    void oversizedInputsWhenSentThenRefusedWithoutExhaustingTheHeap() throws Exception {
        Findings findings = new Findings(OversizedInputs.SCENARIO);
        long log = server.logSize();
        if (findings.attempt("metadata before the scenario", target.legitimate(findings.scenario())::metadata)) {
            new OversizedInputs(target).run(findings);
            target.assertRecovered(findings, log);
        }
        findings.assertNone(target.audit());
    }

    @Test
    @Order(3)
    void lockoutAttemptsWhenOthersFailThenLegitimateClientsNeverRefused() throws Exception {
        Findings findings = new Findings(LockoutAttempts.SCENARIO);
        long log = server.logSize();
        if (findings.attempt("metadata before the scenario", target.legitimate(findings.scenario())::metadata)) {
            new LockoutAttempts(target).run(findings);
            target.assertRecovered(findings, log);
        }
        findings.assertNone(target.audit());
    }

    @Test
    @Order(4)
    void fuzzWhenSeededRequestsHitEveryEndpointThenNoServerErrorAndNoInternals() throws Exception {
        Findings findings = new Findings(FuzzPass.SCENARIO);
        long log = server.logSize();
        FuzzPass fuzz = new FuzzPass(target);
        findings.note("seed " + fuzz.seed());
        if (findings.attempt("metadata before the scenario", target.legitimate(findings.scenario())::metadata)) {
            fuzz.run(findings, List.of(documents.url("/apps/fuzz.json"), documents.url(NESTED_DOCUMENT),
                    documents.url("/apps/huge.json"), documents.url("/apps/not-json.json"),
                    documents.url("/apps/missing.json")));
            target.assertRecovered(findings, log);
        }
        findings.assertNone(target.audit());
    }
}
