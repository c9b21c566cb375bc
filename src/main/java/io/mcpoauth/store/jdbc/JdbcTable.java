package io.mcpoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Objects;

/** What a JDBC store of one table holds: the database its calls go through, and its table's prefixed name. */
abstract class JdbcTable {

    final Database db;
    final String table;

    /** @param name the table's name without the prefix */
    JdbcTable(Database db, String name) {
        this.db = Objects.requireNonNull(db, "db");
        this.table = db.table(name);
    }

    /** {@code INSERT INTO <table> (<columns>) VALUES (?, ...)}: one placeholder a column, counted, not typed. */
    String insertInto(String columns) {
        return insertInto(table, columns);
    }

    /** {@code INSERT INTO <table> (<columns>) VALUES (?, ...)}, for a store that writes more than one table. */
    static String insertInto(String table, String columns) {
        int count = 1;
        for (int i = 0; i < columns.length(); i++) {
            if (columns.charAt(i) == ',') {
                count++;
            }
        }
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + "?, ".repeat(count - 1) + "?)";
    }

    /**
     * Deletes the row of the key: one DELETE of the row while live at {@code now} first, so that its row count
     * says whether a live row was removed (when callers race, exactly one DELETE gets the row), then of a dead one.
     *
     * @param key  the key column
     * @param live the condition of a live row, with one parameter: {@code now}
     */
    boolean deleteLive(String what, String key, String value, String live, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.call(what, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE " + key + " = ? AND "
                    + live)) {
                if (Columns.bind(s, value, now).executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE " + key + " = ?")) {
                Columns.bind(s, value).executeUpdate();
                return false;
            }
        });
    }
}
