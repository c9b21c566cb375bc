package io.mcpoauth.store.jdbc;

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
}
