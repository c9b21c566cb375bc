package io.mcpoauth.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Issue 13 item 3: failed authentications meant to lock others out. Wrong secrets for the resource server's
 * client, sent directly and through the trusted proxy with forged {@code X-Forwarded-For} addresses; bogus
 * secrets for the public client; failures with random client ids through the proxy, as many as lock an address.
 * Every attempt must be refused (4xx); then the resource server with its correct secret and the public client's
 * users, directly and behind the same proxy, must be served: the legitimate client is never refused.
 */
final class LockoutAttempts {

    static final String SCENARIO = "3 lockout attempts";
    /** More than the default ten failures that lock a client id for a window. */
    static final int WRONG_SECRETS = 15;
    /** More than the default thirty failures that lock an address. */
    static final int RANDOM_CLIENT_FAILURES = 40;
    /** The legitimate user's address behind the proxy (a documentation address: a header value, never dialled). */
    static final String LEGITIMATE_FORWARDED_FOR = "192.0.2.10";
    private static final Logger LOG = Logger.getLogger(LockoutAttempts.class.getName());

    private final Target target;

    LockoutAttempts(Target target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    void run(Findings findings) {
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        for (int i = 0; i < WRONG_SECRETS; i++) {
            String wrong = basic(LegitimateClient.RESOURCE_SERVER, "wrong-secret-" + i);
            attempt(findings, statuses, Request.form("/introspect", Map.of("token", "t" + i), "Authorization", wrong));
            attempt(findings, statuses, Request.form("/introspect", Map.of("token", "t" + i), "Authorization", wrong,
                    "X-Forwarded-For", "203.0.113." + (i + 1)));
            attempt(findings, statuses, Request.form("/token", Map.of("grant_type", "client_credentials"),
                    "Authorization", wrong, "Forwarded", "for=198.51.100." + (i + 1)));
            attempt(findings, statuses, Request.form("/token", Map.of("grant_type", "refresh_token",
                    "refresh_token", "bogus-" + i, "client_id", LegitimateClient.PUBLIC_CLIENT,
                    "client_secret", "bogus-secret-" + i)));
            attempt(findings, statuses, Request.form("/token", Map.of("grant_type", "authorization_code",
                    "code", "bogus-" + i, "code_verifier", "v".repeat(43), "redirect_uri", LegitimateClient.REDIRECT),
                    "Authorization", basic(LegitimateClient.PUBLIC_CLIENT, "bogus-secret-" + i),
                    "X-Forwarded-For", "203.0.113." + (100 + i)));
        }
        for (int i = 0; i < RANDOM_CLIENT_FAILURES; i++) {
            attempt(findings, statuses, Request.form("/token", Map.of("grant_type", "client_credentials"),
                    "Authorization", basic("random-client-" + i, "guess-" + i),
                    "X-Forwarded-For", "198.51.100." + (100 + i)));
        }
        LOG.info(() -> "lockout attempts: statuses " + statuses);

        LegitimateClient direct = target.legitimate(SCENARIO);
        findings.attempt("legitimate grant (code exchange, refresh, introspection) after the lockout attempts",
                direct::grant);
        LegitimateClient proxied = target.legitimateBehindProxy(SCENARIO, LEGITIMATE_FORWARDED_FOR);
        findings.attempt("legitimate grant behind the trusted proxy after the lockout attempts", proxied::grant);
    }

    private void attempt(Findings findings, Map<Integer, Integer> statuses, Request request) {
        RawHttp.Reply r = target.attack(SCENARIO, request);
        statuses.merge(r.status(), 1, Integer::sum);
        if (r.status() < 400 || r.status() >= 500) {
            findings.add("a failed authentication was not refused with a 4xx: " + ResponseAudit.line(r));
        }
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((Request.enc(id) + ":" + Request.enc(secret))
                .getBytes(StandardCharsets.UTF_8));
    }
}
