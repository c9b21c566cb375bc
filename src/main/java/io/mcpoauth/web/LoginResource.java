package io.mcpoauth.web;

import io.mcpoauth.login.FormLogin;
import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.server.ValidatedAuthorization;
import io.mcpoauth.store.SubjectAttributes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The demo login form's target: checks the form's CSRF token against its cookie, then the password, then continues
 * the held authorization request.
 */
@Path("/login")
public class LoginResource extends SignInResource {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@FormParam("request") String requestId, @FormParam("csrf") String csrf,
            @FormParam("username") String username, @FormParam("password") String password,
            @CookieParam(Steps.CSRF_COOKIE) String csrfCookie) {
        return ErrorRoutes.shownToUser(() -> signIn(requestId, csrf, username, password, csrfCookie));
    }

    private Response signIn(String requestId, String csrf, String username, String password, String csrfCookie) {
        FormLogin form = login.form().orElseThrow(NotFoundException::new);
        ParameterLimits.check("request", requestId);
        ParameterLimits.check("username", username);
        ParameterLimits.check("password", password);
        RequestContext context = Requests.context(request);
        authorization.formLoginAttempt(context);
        // The CSRF check comes before the password's: a forged form (login CSRF) is refused unread.
        Optional<ValidatedAuthorization> held = authorization.awaitingFormLogin(requestId, csrf, csrfCookie, context);
        if (held.isEmpty()) {
            return Pages.error(400, "invalid_request",
                    "This sign-in page has expired or was already used. Go back to the application and start again.");
        }
        Optional<String> subject = form.authenticate(username, password);
        if (subject.isEmpty()) {
            authorization.loginFailed(held.get().client().clientId(), username, "bad credentials", context);
            return Pages.login(held.get(), requestId, csrf, "Wrong user name or password.", 401,
                    username == null ? "" : username);
        }
        return Steps.render(authorization.loggedIn(requestId, subject.get(), SubjectAttributes.NONE, context), 303,
                authorization.issuer());
    }
}
