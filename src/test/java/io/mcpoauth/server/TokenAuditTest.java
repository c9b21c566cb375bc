package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static io.mcpoauth.server.ProviderFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.audit.LogCapture;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.ClientRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Every refusal at the token endpoint leaves exactly one {@code token.rejected} audit line, whichever step
 * refused: the form, the client's credentials, parameters, client authentication, grant type, the client's
 * permission, the grant itself, or an unexpected failure.
 */
class TokenAuditTest {

    /** The address of this test's requests: lines of other tests' providers carry other addresses. */
    private static final RequestContext FROM = new RequestContext("127.0.0.214");
    private final ProviderFixture f = new ProviderFixture();
    @AutoClose
    private final LogCapture audit = new LogCapture(AuditLog.LOGGER_NAME);

    @Test
    void tokenWhenGrantTypeMissingThenOneRejectedLine() {
        String line = rejected(new LinkedHashMap<>(), ProviderFixture.basic("app", SECRET), "invalid_request");
        assertTrue(line.contains("\"client\":\"app\""), line);
    }

    @Test
    void tokenWhenTwoAuthenticationMethodsThenOneRejectedLine() {
        Map<String, String> form = form("client_credentials");
        form.put("client_secret", SECRET);
        rejected(form, ProviderFixture.basic("app", SECRET), "invalid_request");
    }

    @Test
    void tokenWhenNoClientNamedThenOneRejectedLine() {
        rejected(form("client_credentials"), null, "invalid_client");
    }

    @Test
    void tokenWhenParameterTooLongThenOneRejectedLine() {
        Map<String, String> form = form("authorization_code");
        form.put("code", "c".repeat(100_000));
        rejected(form, ProviderFixture.basic("app", SECRET), "invalid_request");
    }

    @Test
    void tokenWhenGrantFailsUnexpectedlyThenOneRejectedLineAndTheFailureGoesOn() {
        GrantHandler broken = new GrantHandler() {
            @Override
            public GrantType grantType() {
                return GrantType.AUTHORIZATION_CODE;
            }

            @Override
            public TokenResponse handle(TokenRequest request, ClientRecord client, Instant now) {
                throw new IllegalStateException("storage gone");
            }
        };
        TokenService tokens = f.tokensWith(broken);
        assertThrows(IllegalStateException.class, () -> tokens.token(ProviderFixture.form(form("authorization_code")),
                ProviderFixture.basic("app", SECRET), FROM));
        String line = onlyRejectedLine();
        assertTrue(line.contains("\"reason\":\"server_error\""), line);
        assertTrue(line.contains("\"client\":\"app\""), line);
        assertTrue(line.contains("\"grant_type\":\"authorization_code\""), line);
    }

    @Test
    void tokenWhenClientAuthenticationFailsThenOneRejectedLine() {
        String line = rejected(form("authorization_code"), ProviderFixture.basic("app", "wrong"), "invalid_client");
        assertTrue(line.contains("\"client\":\"app\""), line);
    }

    @Test
    void tokenWhenGrantTypeUnsupportedThenOneRejectedLineNamingIt() {
        String line = rejected(form("password"), ProviderFixture.basic("app", SECRET), "unsupported_grant_type");
        assertTrue(line.contains("\"client\":\"app\""), line);
        assertTrue(line.contains("\"grant_type\":\"password\""), line);
    }

    @Test
    void tokenWhenClientMayNotUseGrantTypeThenOneRejectedLine() {
        String line = rejected(form("client_credentials"), ProviderFixture.basic("app", SECRET),
                "unauthorized_client");
        assertTrue(line.contains("\"client\":\"app\""), line);
        assertTrue(line.contains("\"grant_type\":\"client_credentials\""), line);
    }

    @Test
    void tokenWhenGrantRefusesThenOneRejectedLine() {
        Map<String, String> form = ProviderFixture.codeForm("no-such-code");
        form.put("redirect_uri", REDIRECT);
        String line = rejected(form, ProviderFixture.basic("app", SECRET), "invalid_grant");
        assertTrue(line.contains("\"grant_type\":\"authorization_code\""), line);
    }

    @Test
    void tokenWhenIssuedThenNoRejectedLine() {
        Map<String, String> form = ProviderFixture.codeForm(f.code("app", REDIRECT));
        form.put("redirect_uri", REDIRECT);
        f.token(form, ProviderFixture.basic("app", SECRET), FROM);
        assertEquals(List.of(), written("token.rejected"));
        assertEquals(1, written("token.issued").size());
    }

    private static Map<String, String> form(String grantType) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grantType);
        return form;
    }

    /** Sends the request, expects the error, and returns the one rejected line, which gives the error as reason. */
    private String rejected(Map<String, String> form, String authorization, String error) {
        OAuthException e = assertThrows(OAuthException.class, () -> f.token(form, authorization, FROM));
        assertEquals(error, e.error().code());
        String line = onlyRejectedLine();
        assertTrue(line.contains("\"reason\":\"" + error + "\""), line);
        return line;
    }

    private String onlyRejectedLine() {
        List<String> rejected = written("token.rejected");
        assertEquals(1, rejected.size(), "exactly one line: " + rejected);
        return rejected.get(0);
    }

    /** Closes the log, which writes every queued line, and returns the lines of this event from this address. */
    private List<String> written(String event) {
        f.audit.close();
        return audit.messages().stream().filter(l -> l.contains("\"event\":\"" + event + "\""))
                .filter(l -> l.contains("\"remote\":\"" + FROM.remoteAddress() + "\"")).toList();
    }
}
