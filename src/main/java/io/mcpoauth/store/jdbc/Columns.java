package io.mcpoauth.store.jdbc;

import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.SubjectAttributes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * How values are kept in columns, the same on every database: times as epoch milliseconds in a BIGINT, a scope
 * as its space-delimited text (RFC 6749 3.3), lists
 * and sets of strings (URIs, scopes, grant types) as one text with an element per line.
 */
final class Columns {

    private Columns() {
    }

    /** The elements, one per line; an empty collection is the empty string. */
    static String list(Collection<String> values) {
        for (String v : values) {
            if (v.isEmpty() || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a listed value must be non-empty and on one line: " + v);
            }
        }
        return String.join("\n", values);
    }

    static List<String> list(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /**
     * The subject attributes of a grant row: columns {@code subject_email}, {@code subject_groups} and
     * {@code subject_idp}.
     */
    static SubjectAttributes attributes(ResultSet rs) throws SQLException {
        return SubjectAttributes.of(rs.getString("subject_email"), list(rs, "subject_groups"),
                rs.getString("subject_idp"));
    }

    /**
     * The grant of a code or token row: columns {@code grant_id}, {@code client_id}, {@code subject},
     * {@code scope}, {@code resources} and those of {@link #attributes}.
     */
    static Grant grant(ResultSet rs) throws SQLException {
        return new Grant(rs.getString("grant_id"), rs.getString("client_id"), rs.getString("subject"), scope(rs),
                list(rs, "resources"), attributes(rs));
    }

    /** The scope of a row: column {@code scope}. */
    static Scope scope(ResultSet rs) throws SQLException {
        return Scope.parse(rs.getString("scope"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    static Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * Binds the values to the statement's parameters in order: Strings, scopes (as text), Instants (as millis),
     * Booleans, numbers;
     * null only for the nullable time columns.
     */
    static PreparedStatement bind(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                s.setNull(i + 1, Types.BIGINT);
            } else if (v instanceof Instant t) {
                s.setLong(i + 1, t.toEpochMilli());
            } else if (v instanceof String text) {
                s.setString(i + 1, text);
            } else if (v instanceof Scope scope) {
                s.setString(i + 1, scope.toString());
            } else if (v instanceof Boolean b) {
                s.setBoolean(i + 1, b);
            } else if (v instanceof Integer n) {
                s.setInt(i + 1, n);
            } else if (v instanceof Long n) {
                s.setLong(i + 1, n);
            } else {
                throw new IllegalArgumentException("cannot bind " + v.getClass());
            }
        }
        return s;
    }
}
