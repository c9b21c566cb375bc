package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.Parameters;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo login form carries a CSRF token, bound to its held request and to the same-site cookie. */
class FormLoginCsrfTest {

    private final ProviderFixture f = new ProviderFixture();

    private AuthorizationStep.Login loginPage() {
        ValidatedAuthorization auth = f.validate(
                Parameters.of(ProviderFixture.authorizeParams("app", ProviderFixture.REDIRECT)));
        return (AuthorizationStep.Login) f.begin(auth, null);
    }

    @Test
    void awaitingFormLoginWhenCsrfMissingWrongOrFromAnotherPageThenEmpty() {
        AuthorizationStep.Login login = loginPage();
        AuthorizationStep.Login other = loginPage();
        assertNotEquals(login.csrfToken(), other.csrfToken());
        String id = login.requestId();
        String csrf = login.csrfToken();
        for (String[] pair : new String[][] {{null, null}, {csrf, null}, {null, csrf}, {"forged", "forged"},
                {csrf, "forged"}, {other.csrfToken(), other.csrfToken()}}) {
            assertEquals(Optional.empty(), f.authorization().awaitingFormLogin(id, pair[0], pair[1], RequestContext.UNKNOWN),
                    pair[0] + " / " + pair[1]);
        }
        assertTrue(f.authorization().awaitingFormLogin(id, csrf, csrf, RequestContext.UNKNOWN).isPresent(),
                "the page's own token, in the form and the cookie, still works after the refusals");
    }
}
