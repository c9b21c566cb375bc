package io.mcpoauth.server.admin;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ParameterLimits;

/**
 * A listing's {@code cursor} and {@code limit} parameters: the cursor is the {@code next_cursor} of the page
 * before (absent for the first page), the limit how many items a page holds at most.
 */
record Paging(String cursor, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    /** Reads the two parameters; a limit that is not a whole number from 1 to 200 is {@code invalid_request}. */
    static Paging of(String cursor, String limit) {
        ParameterLimits.check("cursor", cursor);
        ParameterLimits.check("limit", limit);
        return new Paging(cursor == null || cursor.isEmpty() ? null : cursor, parseLimit(limit));
    }

    private static int parseLimit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > MAX_LIMIT) {
            throw OAuthException.invalidRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return n;
    }
}
