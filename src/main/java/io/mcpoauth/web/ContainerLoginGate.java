package io.mcpoauth.web;

import io.mcpoauth.login.ContainerLogin;
import io.mcpoauth.login.Login;
import jakarta.inject.Inject;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity.TransportGuarantee;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * In {@code container} login mode, puts the server's own authentication in front of {@code /login/container}:
 * a servlet on that one path, with a security constraint admitting any user the server authenticated, which
 * hands the request on to {@link ContainerLoginResource}. In the other modes nothing is registered.
 *
 * <p>The constraint is registered here, and only in that mode, rather than declared in web.xml: on Payara a
 * single security constraint in a module makes the container run its authorization checks (JACC) on every
 * request of the module, which cost about a sixth of an introspection's CPU time in the benchmark.
 */
@WebListener
public class ContainerLoginGate implements ServletContextListener {

    static final String SERVLET = "mcp-oauth-container-login";

    @Inject
    Login login;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (login.container().isEmpty()) {
            return;
        }
        ServletRegistration.Dynamic gate = event.getServletContext().addServlet(SERVLET, Forward.class);
        gate.addMapping(ContainerLoginResource.PATH);
        // "**": any user the server authenticated (Servlet 3.1 and later); the resource checks the configured
        // role itself, so a user without it gets a page saying why rather than the server's bare 403.
        gate.setServletSecurity(new ServletSecurityElement(
                new HttpConstraintElement(TransportGuarantee.NONE, ContainerLogin.ANY_AUTHENTICATED)));
    }

    /** Forwards the authenticated request to the JAX-RS resource, which only answers requests forwarded here. */
    public static class Forward extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            request.getRequestDispatcher(ContainerLoginResource.SIGNED_IN).forward(request, response);
        }
    }
}
