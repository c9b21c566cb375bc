package io.mcpoauth.web;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Objects;

/**
 * When reverse proxies are trusted ({@code mcp.oauth.http.trusted-proxies}), resolves each request's client
 * address once ({@link ClientAddress}) and leaves it in a request attribute for {@link Requests#context}; a
 * client cannot set request attributes. Without trusted proxies nothing is registered, so the default costs
 * no request anything (as with {@link ContainerLoginGate}, registered only when it is needed).
 */
@WebListener
public class ClientAddressFilter implements ServletContextListener {

    /** The request attribute holding the resolved client address. */
    static final String ATTRIBUTE = ClientAddressFilter.class.getName() + ".address";

    @Inject
    ForwardedSettings forwarded;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ClientAddress resolver = new ClientAddress(forwarded);
        if (resolver.enabled()) {
            FilterRegistration.Dynamic filter = event.getServletContext()
                    .addFilter("mcp-oauth-client-address", new Resolve(resolver));
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
    }

    /** Leaves the resolved address in the request. */
    static final class Resolve implements Filter {

        /**
         * Whether a resolver exists in this application, so {@link Requests#context} reads the attribute only
         * then: each read goes through CDI's proxy of the current request, a lookup that showed in the profile
         * of an introspection.
         */
        static volatile boolean active;

        private final ClientAddress addresses;

        Resolve(ClientAddress addresses) {
            this.addresses = Objects.requireNonNull(addresses, "addresses");
            active = true;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http) {
                request.setAttribute(ATTRIBUTE,
                        addresses.resolve(http.getRemoteAddr(), http.getHeaders(addresses.header())));
            }
            chain.doFilter(request, response);
        }
    }
}
