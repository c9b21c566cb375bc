package io.mcpoauth.hostile;

import io.mcpoauth.cimd.TestHttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The server under attack and the ways to reach it: the attacker calls from 127.0.0.1 (also the address of the
 * proxy whose {@code X-Forwarded-For} the server trusts), the legitimate client from 127.0.0.2, an address no
 * attack uses. Every answer goes through one {@link ResponseAudit}.
 */
final class Target {

    static final String ATTACKER_ADDRESS = "127.0.0.1";
    static final String LEGITIMATE_ADDRESS = "127.0.0.2";

    private final HostileServer server;
    private final TestHttpsServer documents;
    private final ResponseAudit audit = new ResponseAudit();
    private final RawHttp attacker;
    private final RawHttp legitimate;

    Target(HostileServer server, TestHttpsServer documents) throws IOException {
        this.server = Objects.requireNonNull(server, "server");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.attacker = new RawHttp(server.address(), InetAddress.getByName(ATTACKER_ADDRESS), Duration.ofSeconds(30));
        this.legitimate = attacker.from(InetAddress.getByName(LEGITIMATE_ADDRESS));
    }

    HostileServer server() {
        return server;
    }

    TestHttpsServer documents() {
        return documents;
    }

    ResponseAudit audit() {
        return audit;
    }

    /** The attacker's connection settings, with the given read limit. */
    RawHttp attacker(Duration timeout) {
        return attacker.withTimeout(timeout);
    }

    /**
     * An attacker calling from another loopback address, whose per-address allowances the earlier attacks have
     * not used up (attackers have many addresses).
     */
    RawHttp attackerFrom(String loopbackAddress, Duration timeout) throws IOException {
        return attacker.from(InetAddress.getByName(loopbackAddress)).withTimeout(timeout);
    }

    /** Sends as the attacker and records the answer under the scenario. */
    RawHttp.Reply attack(String scenario, Request request) {
        return audit.check(scenario, attacker.send(request));
    }

    /** The legitimate client, calling from its own address, its answers recorded under the scenario. */
    LegitimateClient legitimate(String scenario) {
        return new LegitimateClient(legitimate, audit, scenario);
    }

    /** The legitimate client behind the trusted proxy: from the attacker's address, with its own forwarded one. */
    LegitimateClient legitimateBehindProxy(String scenario, String forwardedFor) {
        return new LegitimateClient(attacker, audit, scenario, "X-Forwarded-For", forwardedFor);
    }

    /**
     * After a scenario's attacks: metadata, health and a whole legitimate grant answer within seconds, and the
     * server's log shows no exhausted heap since {@code logOffset}.
     */
    void assertRecovered(Findings findings, long logOffset) {
        LegitimateClient client = legitimate(findings.scenario());
        findings.attempt("metadata after the attacks", client::metadata);
        findings.attempt("health after the attacks", client::health);
        findings.attempt("legitimate grant after the attacks", client::grant);
        findings.attempt("heap", () -> {
            if (server.logContains("OutOfMemoryError", logOffset)) {
                throw new AssertionError("the server's log reports an OutOfMemoryError (" + HostileServer.HEAP + ")");
            }
        });
    }
}
