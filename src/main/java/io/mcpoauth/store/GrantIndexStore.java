package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An index of live grants by subject and by client, for the admin API and offboarding. It only lists grants:
 * revoking one is {@link GrantRevocationStore#revokeGrant}, after which the caller removes it here. Every call
 * judges expiry at the given {@code now} alone; a grant expired at {@code now} is neither found, listed nor
 * counted, and backends drop it without being asked.
 */
public interface GrantIndexStore {

    /**
     * Records a grant at its start, or replaces it (at a refresh: later {@code lastUsedAt}, narrowed scope or
     * resources, new {@code expiresAt}); it is kept until its {@code expiresAt}. One already expired at {@code now}
     * is removed instead.
     */
    void record(GrantSummary grant, Instant now);

    /**
     * Saves an access token of the grant and records (or replaces) the grant, as {@code tokens.saveAccessToken}
     * then {@link #record}: what a token issue does (a grant's start, a refresh; for client_credentials and
     * jwt-bearer, whose each token is its own grant, {@link GrantSummary#of(AccessTokenRecord)}). A backend may do
     * both in one round trip; {@code tokens} must then be the access token store of the same storage.
     */
    default void recordWithAccessToken(AccessTokenRecord token, GrantSummary grant, AccessTokenStore tokens,
            Instant now) {
        tokens.saveAccessToken(token, now);
        record(grant, now);
    }

    /** The grant, if recorded and live at {@code now}. */
    Optional<GrantSummary> find(String grantId, Instant now);

    /**
     * The subject's grants live at {@code now}, ordered by grant id ascending.
     *
     * @param after exclusive cursor: the {@link Page#next()} of the previous page, null for the first
     * @param limit the most grants on the page (see {@link Page#limit})
     */
    Page<GrantSummary> bySubject(String subject, String after, int limit, Instant now);

    /** The client's grants live at {@code now}, ordered by grant id ascending; as {@link #bySubject}. */
    Page<GrantSummary> byClient(String clientId, String after, int limit, Instant now);

    /**
     * Removes the grant from the index. When two callers, even on two server instances, remove the same grant
     * at once, exactly one gets true.
     *
     * @return true when a grant live at {@code now} was removed
     */
    boolean remove(String grantId, Instant now);

    /** The number of grants live at {@code now}, cheap enough for a metrics gauge (it may count ones just expired). */
    long count(Instant now);
}
