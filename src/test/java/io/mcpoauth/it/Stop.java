package io.mcpoauth.it;

/**
 * Stops what a test started, in order: each step runs even when an earlier one failed, and the first failure is
 * thrown with the later ones suppressed. A null step (something that never started) is passed over.
 */
final class Stop {

    private Stop() {
    }

    static void all(AutoCloseable... steps) throws Exception {
        Exception first = null;
        for (AutoCloseable step : steps) {
            if (step == null) {
                continue;
            }
            try {
                step.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
