package io.mcpoauth.config;

import java.util.ArrayList;
import java.util.List;

/** Splits configuration lists written with commas and/or spaces. */
public final class Lists {

    private Lists() {
    }

    public static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }
}
