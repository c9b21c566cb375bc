package io.mcpoauth.store.jdbc;

import static io.mcpoauth.store.jdbc.TokenRows.COLUMNS;
import static io.mcpoauth.store.jdbc.TokenRows.REFRESH_COLUMNS;
import static io.mcpoauth.store.jdbc.TokenRows.refreshToken;
import static io.mcpoauth.store.jdbc.TokenRows.values;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.RefreshRotation;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.Successors;
import io.mcpoauth.store.SuccessorRule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A refresh token's rotation on PostgreSQL, in data-modifying {@code WITH} statements that each commit by
 * themselves. In every one, {@code UPDATE ... SET rotated = TRUE WHERE ... rotated = FALSE}, with the client,
 * expiry, grant revocation and subject block conditions, gives the row to exactly one caller: a concurrent one
 * waits for the winner's commit, then finds the row rotated and matches nothing. Two {@code INSERT ... SELECT ...
 * FROM} that update store the successor and the access token only when it matched.
 *
 * <ul>
 * <li>With a {@link SuccessorRule} (the common refresh), one statement: it also reads the presented row, and
 * derives the successors from the row it updates, so a refresh is one round trip.</li>
 * <li>Without one, or where the rule does not hold for the token (a grant without an audience, a resource it
 * does not list, a grant past its end), the presented token read first and the successors built by the caller's
 * function: two round trips.</li>
 * </ul>
 * A statement that did not rotate, rarely, leads to a read of the row again, to tell reuse (which revokes the
 * grant) from a blocked subject or a token revoked or expired meanwhile.
 */
final class PostgresRotation {

    /** The SHA-256 of a row's subject as {@link Tokens#hash} writes it: base64url without padding. */
    private static final String SUBJECT_HASH =
            "rtrim(translate(encode(sha256(convert_to(t.subject, 'UTF8')), 'base64'), '+/', '-_'), '=')";
    /** The grant's start of a row that may predate the column ({@link RefreshTokenRecord#grantStartedAt}). */
    private static final String STARTED = "COALESCE(w.grant_started_at, w.issued_at)";

    private final Database db;
    private final JdbcTokenStore store;
    private final String refresh;
    private final String access;
    private final String blocks;
    private final String grantLive;
    private final String rotateRefresh;
    private final String rotateRefreshAndIssue;
    private final String byRuleKeepingAudience;
    private final String byRuleNarrowing;

    PostgresRotation(Database db, TokenRows rows, JdbcTokenStore store) {
        this.db = Objects.requireNonNull(db, "db");
        this.store = Objects.requireNonNull(store, "store");
        this.refresh = rows.refresh;
        this.access = rows.access;
        this.blocks = db.table("subject_blocks");
        this.grantLive = rows.grantLive;
        this.rotateRefresh = rotation(false);
        this.rotateRefreshAndIssue = rotation(true);
        this.byRuleKeepingAudience = byRule(false);
        this.byRuleNarrowing = byRule(true);
    }

    /** Rotates in one statement with the successors the rule derives, where it holds; see the class comment. */
    RefreshRotation rotate(String presentedHash, String clientId, Instant now, Instant reuseRevokesUntil,
            Function<RefreshTokenRecord, Successors> successorOf, SuccessorRule rule) {
        List<Object> values = new ArrayList<>(List.of(presentedHash, now, now, true, presentedHash, clientId, false,
                now, now, now, rule.grantMaxLifetime().toMillis(), now));
        if (rule.audience() != null) {
            values.add(rule.audience());
        }
        values.addAll(List.of(rule.refreshHash(), now, now.plus(rule.refreshTtl()), rule.grantMaxLifetime().toMillis(),
                false, rule.accessHash()));
        if (rule.audience() != null) {
            values.add(rule.audience());
        }
        values.addAll(List.of(now, now.plus(rule.accessTtl()), rule.grantMaxLifetime().toMillis()));
        Read read = db.call("rotate refresh token", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement(rule.audience() == null
                    ? byRuleKeepingAudience : byRuleNarrowing), values.toArray()); ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Read(refreshToken(rs), rs.getLong("won") == 1) : null;
            }
        });
        if (read == null || !read.presented().grant().clientId().equals(clientId)) {
            return RefreshRotation.NOT_FOUND;
        }
        RefreshTokenRecord presented = read.presented();
        if (presented.rotated()) {
            return reused(presented, reuseRevokesUntil, now);
        }
        if (!read.won()) {
            return decide(presented, now, reuseRevokesUntil, successorOf);
        }
        // RFC 9700 4.14.2: this caller rotated the presented token, once. The records returned are the caller's,
        // which must be those the statement wrote.
        Successors made = Objects.requireNonNull(successorOf.apply(presented), "successor");
        if (!made.equals(rule.successors(presented, now))) {
            throw new IllegalStateException("the rotation stored successors other than the caller's");
        }
        return new RefreshRotation.Rotated(presented, made.refreshToken(), true);
    }

    /** What the rule's statement read and whether it rotated. */
    private record Read(RefreshTokenRecord presented, boolean won) {
    }

    /** Rotates after reading the presented token, with the successors the caller's function builds from it. */
    RefreshRotation rotate(String presentedHash, String clientId, Instant now, Instant reuseRevokesUntil,
            Function<RefreshTokenRecord, Successors> successorOf) {
        RefreshTokenRecord presented = store.findRefreshToken(presentedHash, now)
                .filter(t -> t.grant().clientId().equals(clientId)).orElse(null);
        if (presented == null) {
            return RefreshRotation.NOT_FOUND;
        }
        if (presented.rotated()) {
            return reused(presented, reuseRevokesUntil, now);
        }
        return decide(presented, now, reuseRevokesUntil, successorOf);
    }

    /** The rotating statement for a token read live and unrotated, with the successors built from it. */
    private RefreshRotation decide(RefreshTokenRecord presented, Instant now, Instant reuseRevokesUntil,
            Function<RefreshTokenRecord, Successors> successorOf) {
        Successors made = Objects.requireNonNull(successorOf.apply(presented), "successor");
        RefreshTokenRecord successor = made.refreshToken();
        String presentedHash = presented.tokenHash();
        String grantId = presented.grant().grantId();
        if (successor.tokenHash().equals(presentedHash) || !successor.grant().grantId().equals(grantId)) {
            throw new IllegalArgumentException("the successor must have its own hash and the same grant");
        }
        AccessTokenRecord issued = made.accessToken() == null || made.accessToken().isExpired(now) ? null
                : made.accessToken();
        String subjectHash = Tokens.hash(presented.grant().subject());
        List<Object> values = new ArrayList<>(List.of(true, presentedHash, presented.grant().clientId(), false, now,
                now, subjectHash, now));
        values.addAll(Arrays.asList(values(successor)));
        if (issued != null) {
            values.addAll(Arrays.asList(values(issued)));
        }
        values.add(subjectHash);
        values.add(now);
        Decided decided = db.call("rotate refresh token", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement(issued == null ? rotateRefresh
                    : rotateRefreshAndIssue), values.toArray()); ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Decided(rs.getLong("won") == 1, Columns.nullableInstant(rs, "blocked_until"));
            }
        });
        if (decided.won()) {
            // RFC 9700 4.14.2: this caller rotated the presented token, once.
            return new RefreshRotation.Rotated(presented, successor, true);
        }
        Optional<RefreshTokenRecord> again = store.findRefreshToken(presentedHash, now);
        if (again.isPresent() && again.get().rotated()) {
            return reused(again.get(), reuseRevokesUntil, now);
        }
        return decided.blockedUntil() == null ? RefreshRotation.NOT_FOUND
                : new RefreshRotation.Blocked(presented, decided.blockedUntil());
    }

    /** What the rotating statement found: whether it rotated, and the subject's block if one is live. */
    private record Decided(boolean won, Instant blockedUntil) {
    }

    /** Reuse of a token read rotated: its grant revoked until {@code reuseRevokesUntil} (RFC 9700 4.14.2). */
    private RefreshRotation reused(RefreshTokenRecord presented, Instant reuseRevokesUntil, Instant now) {
        if (reuseRevokesUntil.isAfter(now)) {
            store.revokeGrant(presented.grant().grantId(), reuseRevokesUntil, now);
        }
        return new RefreshRotation.Reused(presented);
    }

    /**
     * The statement without a rule: the presented token's update (the subject's hash bound), the successor's
     * insert and, with {@code issue}, the access token's, then the update's row count and the subject's block.
     */
    private String rotation(boolean issue) {
        String blocked = "SELECT b.blocked_until FROM " + blocks + " b WHERE b.subject_hash = ? "
                + "AND b.blocked_until > ?";
        return "WITH won AS (UPDATE " + refresh + " t SET rotated = ? WHERE t.token_hash = ? AND t.client_id = ? "
                + "AND t.rotated = ? AND t.expires_at > ? AND " + grantLive + " AND NOT EXISTS (" + blocked
                + ") RETURNING t.token_hash), successor AS (INSERT INTO " + refresh + " (" + REFRESH_COLUMNS
                + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM won)"
                + (issue ? ", issued AS (INSERT INTO " + access + " (" + COLUMNS
                        + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM won)" : "")
                + " SELECT (SELECT COUNT(*) FROM won) AS won, (" + blocked + ") AS blocked_until";
    }

    /**
     * The statement of a {@link SuccessorRule}: the presented row as the statement's snapshot holds it; its update,
     * also conditioned on the rule holding (the grant's end ahead, and the requested resource listed in the
     * grant's audience with {@code narrowing}, or an audience to keep without); and the two inserts, whose values
     * are the updated row's but for the new hashes, times and, with {@code narrowing}, the access token's audience.
     * The subject's block is looked up by the hash of the row's subject, computed by the database.
     */
    private String byRule(boolean narrowing) {
        String tokenEnd = "(COALESCE(t.grant_started_at, t.issued_at) + ?)";
        String grantEnd = "(" + STARTED + " + ?)";
        String copied = "w.subject_email, w.subject_groups, w.subject_idp";
        return "WITH cur AS (SELECT " + REFRESH_COLUMNS + " FROM " + refresh + " t WHERE t.token_hash = ? "
                + "AND t.expires_at > ? AND " + grantLive + "), "
                + "won AS (UPDATE " + refresh + " t SET rotated = ? WHERE t.token_hash = ? AND t.client_id = ? "
                + "AND t.rotated = ? AND t.expires_at > ? AND " + grantLive + " AND NOT EXISTS (SELECT 1 FROM "
                + blocks + " b WHERE b.subject_hash = " + SUBJECT_HASH + " AND b.blocked_until > ?) AND "
                + tokenEnd + " > ? AND "
                + (narrowing ? "? = ANY(string_to_array(t.resources, E'\\n'))" : "t.resources <> ''")
                + " RETURNING t.*), "
                + "successor AS (INSERT INTO " + refresh + " (" + REFRESH_COLUMNS + ") SELECT ?, w.grant_id, "
                + "w.client_id, w.subject, w.scope, w.resources, ?, LEAST(?, " + grantEnd + "), " + copied + ", ?, "
                + STARTED + " FROM won w), "
                + "issued AS (INSERT INTO " + access + " (" + COLUMNS + ") SELECT ?, w.grant_id, w.client_id, "
                + "w.subject, w.scope, " + (narrowing ? "?" : "w.resources") + ", ?, LEAST(?, " + grantEnd + "), "
                + copied + " FROM won w) "
                + "SELECT c.*, (SELECT COUNT(*) FROM won) AS won FROM cur c";
    }
}
