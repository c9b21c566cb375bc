package io.mcpoauth.hostile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private static final java.util.Set<String> METHODS_SERVED = java.util.Set.of("GET", "HEAD", "POST");
    /** Distinct kinds of violation kept per scenario; beyond them, violations are only counted. */
    private static final int MAX_KINDS = 60;

    private final Map<String, Map<Integer, AtomicLong>> statusesByScenario = new ConcurrentHashMap<>();
    /** Per scenario, per kind (what is wrong, method and path): how often, and the first example. */
    private final Map<String, Map<String, Kind>> violationsByScenario = new LinkedHashMap<>();

    private static final class Kind {
        long count;
        final String example;

        Kind(String example) {
            this.example = example;
        }
    }

    /**
     * Counts the reply under the scenario and records a violation if it is one. Connection failures (status -1)
     * are counted, not judged here: whether a closed connection is acceptable depends on what was sent.
     */
    RawHttp.Reply check(String scenario, RawHttp.Reply reply) {
        statusesByScenario.computeIfAbsent(scenario, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(reply.status(), s -> new AtomicLong()).incrementAndGet();
        problem(reply).ifPresent(p -> violation(scenario, p + " at " + where(reply.request()), line(reply)));
        return reply;
    }

    /** Why the reply breaks the rules every answer keeps, if it does. */
    static Optional<String> problem(RawHttp.Reply reply) {
        boolean busy = reply.status() == 503 && reply.header("Retry-After") != null;
        if (reply.status() >= 500 && !busy && !unimplementedMethod(reply)) {
            return Optional.of("status " + reply.status() + (reply.status() == 503 ? " without Retry-After" : ""));
        }
        Matcher leak = LEAK.matcher(reply.body());
        if (leak.find()) {
            return Optional.of("internals in the body (\"" + word(reply.body(), leak.start(), leak.end()) + "\")");
        }
        return Optional.empty();
    }

    /**
     * RFC 9110 15.6.2: 501 is the answer to a method the server does not recognise. Payara's own servlets (health)
     * give it for any method beyond the servlet API's; only GET, HEAD and POST are methods this server serves.
     */
    private static boolean unimplementedMethod(RawHttp.Reply reply) {
        return reply.status() == 501 && !METHODS_SERVED.contains(reply.request().method());
    }

    /** The word around a match, dots included: the whole class name when the match is part of one. */
    private static String word(String text, int start, int end) {
        int from = start;
        int to = end;
        while (from > 0 && (Character.isLetterOrDigit(text.charAt(from - 1)) || text.charAt(from - 1) == '.')) {
            from--;
        }
        while (to < text.length() && (Character.isLetterOrDigit(text.charAt(to)) || text.charAt(to) == '.')) {
            to++;
        }
        return oneLine(text.substring(from, Math.min(to, from + 120)));
    }

    /** Records a violation of the given kind (what is wrong, and where), with one example of it. */
    synchronized void violation(String scenario, String kind, String example) {
        Map<String, Kind> kinds = violationsByScenario.computeIfAbsent(scenario, s -> new LinkedHashMap<>());
        Kind k = kinds.get(kind);
        if (k == null && kinds.size() >= MAX_KINDS) {
            k = kinds.computeIfAbsent("(more kinds of violation)", x -> new Kind(""));
        } else if (k == null) {
            k = new Kind(example);
            kinds.put(kind, k);
        }
        k.count++;
    }

    /** The violations of the scenario, one line per kind: how many, what, where, and the first example. */
    synchronized List<String> violations(String scenario) {
        List<String> lines = new ArrayList<>();
        violationsByScenario.getOrDefault(scenario, Map.of()).forEach((kind, k) -> lines.add(k.count + " x " + kind
                + (k.example.isEmpty() ? "" : ", e.g. " + k.example)));
        return lines;
    }

    /** The method and path of a request (its label up to the query or the first detail). */
    private static String where(Request request) {
        String label = request.label();
        int cut = label.length();
        for (char c : new char[] {'?', ' ', '['}) {
            int at = label.indexOf(c, label.indexOf(' ') + 1);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        return label.substring(0, cut);
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

    /** The text on one line, with control and invisible characters written as escapes a report can show. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.replaceAll("[\\t\\r\\n ]+", " ").codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
