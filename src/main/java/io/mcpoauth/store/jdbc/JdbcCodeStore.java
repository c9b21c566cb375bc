package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.AuthorizationCodeStore;
import io.mcpoauth.store.CodeConsumption;
import io.mcpoauth.store.Grant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * Authorization codes in {@code <prefix>codes}, single use by one statement.
 *
 * <p>{@link #consume} reads the code, then marks it consumed with {@code UPDATE ... SET consumed_at = ? WHERE
 * code_hash = ? AND consumed_at IS NULL}. The database runs that statement atomically per row, also across
 * server instances sharing it: of any number of concurrent callers exactly one updates one row and gets
 * {@link CodeConsumption.Consumed}; every other update finds {@code consumed_at} set, changes nothing, and
 * its caller gets {@link CodeConsumption.Replayed}. The consumed row is the replay marker until the code
 * expires; then it reads as not found and the periodic purge deletes it.
 */
final class JdbcCodeStore extends JdbcTable implements AuthorizationCodeStore {

    private static final String COLUMNS = "code_hash, grant_id, client_id, subject, redirect_uri, scope, "
            + "resources, code_challenge, issued_at, expires_at, subject_email, subject_groups, subject_idp";


    JdbcCodeStore(Database db) {
        super(db, "codes");
    }

    @Override
    public void save(AuthorizationCode code, Instant now) {
        Objects.requireNonNull(code, "code");
        db.call("save code", c -> {
            try (PreparedStatement s = c.prepareStatement(insertInto(COLUMNS + ", consumed_at"))) {
                Grant g = code.grant();
                return Columns.bind(s, code.codeHash(), g.grantId(), g.clientId(), g.subject(), code.redirectUri(),
                        g.scope(), Columns.list(g.resources()), code.codeChallenge(), code.issuedAt(),
                        code.expiresAt(), g.attributes().email(), Columns.list(g.attributes().groups()),
                        g.attributes().idp(), null).executeUpdate();
            }
        });
    }

    @Override
    public CodeConsumption consume(String codeHash, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.call("consume code", c -> {
            AuthorizationCode code;
            boolean consumed;
            try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT " + COLUMNS + ", consumed_at FROM "
                    + table + " WHERE code_hash = ?"), codeHash); ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return CodeConsumption.NOT_FOUND;
                }
                code = code(rs);
                consumed = Columns.nullableInstant(rs, "consumed_at") != null;
            }
            if (code.isExpired(now)) {
                return CodeConsumption.NOT_FOUND;
            }
            if (consumed) {
                return new CodeConsumption.Replayed(code);
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET consumed_at = ? "
                    + "WHERE code_hash = ? AND consumed_at IS NULL")) {
                // RFC 6749 4.1.2: a code is used once; the row count says who used it.
                boolean won = Columns.bind(s, now, codeHash).executeUpdate() == 1;
                return won ? new CodeConsumption.Consumed(code) : new CodeConsumption.Replayed(code);
            }
        });
    }

    private static AuthorizationCode code(ResultSet rs) throws SQLException {
        return new AuthorizationCode(rs.getString("code_hash"), Columns.grant(rs), rs.getString("redirect_uri"),
                rs.getString("code_challenge"), Columns.instant(rs, "issued_at"), Columns.instant(rs, "expires_at"));
    }
}
