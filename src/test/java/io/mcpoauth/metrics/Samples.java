package io.mcpoauth.metrics;

/** Reads a scrape of {@code /admin/metrics} in the Prometheus text format. */
public final class Samples {

    private Samples() {
    }

    /** The value of the one sample of {@code name} whose labels include all of these; fails on none or several. */
    public static double sample(String text, String name, String... labels) {
        Double found = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            boolean all = true;
            for (String l : labels) {
                all &= series.contains(l);
            }
            if (all) {
                if (found != null) {
                    throw new AssertionError("more than one sample of " + name + " with " + String.join(",", labels));
                }
                found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        if (found == null) {
            throw new AssertionError("no sample of " + name + " with " + String.join(",", labels) + " in\n" + text);
        }
        return found;
    }
}
