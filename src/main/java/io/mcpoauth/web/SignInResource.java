package io.mcpoauth.web;

import io.mcpoauth.login.Login;
import io.mcpoauth.server.AuthorizationService;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;

/**
 * What the pages of a sign-in share (the authorization endpoint, the demo login, the container login and the
 * consent page): the authorization service, the login strategy chosen at start, and the request.
 */
abstract class SignInResource {

    @Inject
    AuthorizationService authorization;

    @Inject
    Login login;

    @Context
    HttpServletRequest request;
}
