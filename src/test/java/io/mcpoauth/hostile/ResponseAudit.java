package io.mcpoauth.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every answer the suite receives passes through here: its status is counted, and it is checked against what
 * no answer to any request may be (a 5xx other than 503 with {@code Retry-After}, a body that shows a stack
 * trace or names a Java class). Violations are collected, not thrown, so one run lists them all.
 */
final class ResponseAudit {

    /** What gives internals away: package names of the platform and the server, exception names, trace lines. */
    static final Pattern LEAK = Pattern.compile("java\\.|javax\\.|jakarta\\.|org\\.glassfish|fish\\.payara"
            + "|com\\.sun\\.|org\\.apache\\.|org\\.jboss|io\\.mcpoauth|Exception|[a-z][A-Z]\\w*Error\\b"
            + "|\\tat |\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)");

    private static final int MAX_KEPT_VIOLATIONS = 200;

    private final Map<String, Map<Integer, AtomicLong>> statusesByScenario = new ConcurrentHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long violationCount;

    /**
     * Counts the reply under the scenario and records a violation if it is one. Connection failures (status -1)
     * are counted, not judged here: whether a closed connection is acceptable depends on what was sent.
     */
    RawHttp.Reply check(String scenario, RawHttp.Reply reply) {
        statusesByScenario.computeIfAbsent(scenario, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(reply.status(), s -> new AtomicLong()).incrementAndGet();
        problem(reply).ifPresent(p -> violation(scenario, p + ": " + line(reply)));
        return reply;
    }

    /** Why the reply breaks the rules every answer keeps, if it does. */
    static Optional<String> problem(RawHttp.Reply reply) {
        if (reply.status() >= 500 && !(reply.status() == 503 && reply.header("Retry-After") != null)) {
            return Optional.of("status " + reply.status() + (reply.status() == 503 ? " without Retry-After" : ""));
        }
        Matcher leak = LEAK.matcher(reply.body());
        if (leak.find()) {
            int from = Math.max(0, leak.start() - 40);
            return Optional.of("internals in the body (\"" + oneLine(reply.body().substring(from,
                    Math.min(reply.body().length(), leak.end() + 40))) + "\")");
        }
        return Optional.empty();
    }

    synchronized void violation(String scenario, String text) {
        violationCount++;
        if (violations.size() < MAX_KEPT_VIOLATIONS) {
            violations.add("[" + scenario + "] " + text);
        }
    }

    synchronized List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        if (violationCount > violations.size()) {
            all.add("... and " + (violationCount - violations.size()) + " more");
        }
        return all;
    }

    synchronized List<String> violations(String scenario) {
        return violations.stream().filter(v -> v.startsWith("[" + scenario + "]")).toList();
    }

    /** The statuses seen per scenario, as {@code scenario: status x count, ...} (-1 = no answer). */
    String statuses() {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(statusesByScenario).forEach((scenario, counts) -> {
            s.append(scenario).append(':');
            new TreeMap<>(counts).forEach((status, n) -> s.append(' ').append(status).append('x').append(n));
            s.append('\n');
        });
        return s.toString();
    }

    /** A reply on one line: method, path, parameter summary, status, the first 200 characters of the body. */
    static String line(RawHttp.Reply reply) {
        return oneLine(reply.toString());
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ");
    }
}
