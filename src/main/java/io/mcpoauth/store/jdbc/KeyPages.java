package io.mcpoauth.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a table for an export page by page in key order ({@code WHERE key > last ORDER BY key FETCH FIRST n
 * ROWS ONLY}), each page on a connection of its own that is given back before the rows are handed on. Neither
 * the whole table nor a connection is held while the caller writes, and a row that exists for the whole walk is
 * read exactly once.
 */
final class KeyPages {

    /** Rows a page holds. */
    static final int SIZE = 500;

    /** One page: the rows after {@code last} (null for the first page), at most {@link #SIZE}, in key order. */
    @FunctionalInterface
    interface Page<T> {
        List<T> after(Connection c, T last) throws SQLException;
    }

    private KeyPages() {
    }

    static <T> void forEach(Database db, String what, Page<T> page, Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        T last = null;
        while (true) {
            T from = last;
            List<T> rows = db.idempotent(what, c -> page.after(c, from));
            rows.forEach(action);
            if (rows.size() < SIZE) {
                return;
            }
            last = rows.get(rows.size() - 1);
        }
    }

    /** The clause that ends a page query. */
    static String limit() {
        return " FETCH FIRST " + SIZE + " ROWS ONLY";
    }
}
