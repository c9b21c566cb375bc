package io.mcpoauth.hostile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Assertions;

/**
 * What went wrong in one scenario, gathered so that a run reports every failed expectation of the scenario,
 * not only the first.
 */
final class Findings {

    /** A check that may fail with an assertion or an exception. */
    interface Check {
        void run() throws Exception;
    }

    private final String scenario;
    private final List<String> items = Collections.synchronizedList(new ArrayList<>());
    private volatile String note = "";

    Findings(String scenario) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
    }

    String scenario() {
        return scenario;
    }

    void add(String text) {
        items.add(text);
    }

    /** Context for the failure message (a seed), not itself a failure. */
    void note(String text) {
        note = " [" + text + "]";
    }

    /** Runs the check; a failure becomes a finding named {@code what}. Returns whether it passed. */
    boolean attempt(String what, Check check) {
        try {
            check.run();
            return true;
        } catch (AssertionError | Exception e) {
            add(what + ": " + ResponseAudit.oneLine(String.valueOf(e.getMessage())));
            return false;
        }
    }

    /** Fails the test with every finding and every violation the audit recorded for this scenario. */
    void assertNone(ResponseAudit audit) {
        List<String> all = new ArrayList<>(items);
        audit.violations(scenario).forEach(v -> all.add("answers breaking the rules: " + v));
        if (!all.isEmpty()) {
            Assertions.fail(scenario + note + ": " + all.size() + " problem(s)\n  " + String.join("\n  ", all)
                    + "\nstatuses seen:\n" + audit.statuses());
        }
    }
}
