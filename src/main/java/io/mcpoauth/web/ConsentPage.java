package io.mcpoauth.web;

import io.mcpoauth.server.AuthorizationStep;
import jakarta.ws.rs.core.Response;

/** The consent page: who asks, for what, where the browser goes next; approve or deny. */
final class ConsentPage {

    private ConsentPage() {
    }

    static Response render(AuthorizationStep.Consent consent) {
        AuthorizationStep.ConsentView v = consent.view();
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(v.clientName())).append(" wants to access your account</h1>")
                .append("<p>Signed in as <strong>").append(Html.escape(v.subject())).append("</strong>");
        if (!v.email().isEmpty() && !v.email().equals(v.subject())) {
            b.append(" (").append(Html.escape(v.email())).append(')');
        }
        b.append(".</p>");
        if (!v.configured()) {
            b.append("<p class=\"note\" id=\"unverified\">The name above is the application's own claim, not checked "
                    + "by this server. Application id: <code>").append(Html.escape(v.clientId())).append("</code></p>");
        }
        if (v.localhostOnlyDocument()) {
            b.append("<p class=\"note\" role=\"alert\">This application describes itself with a document at <code>")
                    .append(Html.escape(v.clientId())).append("</code> but sends you back only to this computer. ")
                    .append("Anyone can publish such a document: approve only if you started this yourself.</p>");
        }
        b.append("<p>It will be allowed to:</p><ul id=\"scopes\">");
        if (v.scopes().isEmpty()) {
            b.append("<li>use the services below on your behalf</li>");
        }
        for (String scope : v.scopes()) {
            String description = v.scopeDescriptions().get(scope);
            b.append("<li>");
            if (description != null) {
                b.append(Html.escape(description)).append(" ");
            }
            b.append("<code>").append(Html.escape(scope)).append("</code></li>");
        }
        b.append("</ul>");
        if (!v.resources().isEmpty()) {
            b.append("<p>at these MCP servers:</p><ul id=\"resources\">");
            for (String resource : v.resources()) {
                b.append("<li><code>").append(Html.escape(resource)).append("</code></li>");
            }
            b.append("</ul>");
        }
        b.append("<p>You will be sent back to <code id=\"redirect-host\">").append(Html.escape(v.redirectHost()))
                .append("</code>.</p>")
                // From the root: the page is also shown at /login/container, where "consent" would miss.
                .append("<form method=\"post\" action=\"/consent\">")
                .append("<input type=\"hidden\" name=\"request\" value=\"").append(Html.escape(consent.requestId()))
                .append("\"><input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(consent.csrfToken()))
                .append("\"><button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\" class=\"primary\">"
                        + "Approve</button> ")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></form>");
        return Pages.page(200, "Authorize " + v.clientName(), b.toString());
    }
}
