package io.mcpoauth.server;

import io.mcpoauth.lang.Require;
import java.util.List;
import java.util.Objects;

/** What the authorization endpoint does next for the browser. */
public sealed interface AuthorizationStep {

    /** Send the browser to this URI: the client's redirect URI with a code or an error. */
    record Redirect(String uri) implements AuthorizationStep {
        public Redirect {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /**
     * Show the login for the held request. For the demo form, the CSRF token goes in the form and in the
     * same-site cookie, as on the consent page; the login POST must carry both.
     */
    record Login(ValidatedAuthorization authorization, String requestId, String csrfToken)
            implements AuthorizationStep {
        public Login {
            Require.nonNull("authorization, requestId, csrfToken", authorization, requestId, csrfToken);
        }
    }

    /**
     * Show the consent page for the held request. The CSRF token goes both in the form and in a same-site
     * cookie; the consent POST must carry both.
     */
    record Consent(ConsentView view, String requestId, String csrfToken) implements AuthorizationStep {
        public Consent {
            Require.nonNull("view, requestId, csrfToken", view, requestId, csrfToken);
        }
    }

    /**
     * What the consent page shows.
     *
     * @param clientName         the client's name
     * @param clientId           the client's id
     * @param redirectHost       the host the browser is sent back to
     * @param scopes             the scopes asked for
     * @param resources          the resources (MCP servers) the tokens will be bound to
     * @param localhostOnlyDocument a client ID metadata document whose redirect URIs all point at this machine:
     *                           anyone can publish such a document, so the page warns
     * @param subject            who is consenting
     * @param email              the e-mail address the gateway gave for the user, or empty
     * @param configured         a client the operator configured; any other named itself, and the page says so
     * @param scopeDescriptions  what the operator says each scope allows, for the scopes that have a description
     */
    record ConsentView(String clientName, String clientId, String redirectHost, List<String> scopes,
            List<String> resources, boolean localhostOnlyDocument, String subject, String email,
            boolean configured, java.util.Map<String, String> scopeDescriptions) {
        public ConsentView {
            scopes = List.copyOf(scopes);
            resources = List.copyOf(resources);
            scopeDescriptions = java.util.Map.copyOf(scopeDescriptions);
        }
    }
}
