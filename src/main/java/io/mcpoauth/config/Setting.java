package io.mcpoauth.config;

/** Shared wording of configuration errors. */
public final class Setting {

    private static final int SHOWN = 40;

    private Setting() {
    }

    /** A value quoted for an error message, cut short: a misplaced secret should not land whole in a log. */
    public static String quote(String value) {
        return "\"" + (value.length() > SHOWN ? value.substring(0, SHOWN) + "..." : value) + "\"";
    }
}
