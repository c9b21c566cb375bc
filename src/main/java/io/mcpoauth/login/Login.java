package io.mcpoauth.login;

import io.mcpoauth.crypto.SecretVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The configured login mode, for the web layer. */
@ApplicationScoped
public class Login {

    private final String mode;
    private final HeaderLogin header;
    private final FormLogin form;
    private final AssertionLogin assertion;
    private final ContainerLogin container;

    protected Login() {
        this.mode = null;
        this.header = null;
        this.form = null;
        this.assertion = null;
        this.container = null;
    }

    @Inject
    public Login(LoginSettings login, SecretVerifier verifier, Clock clock) {
        this.mode = login.mode();
        this.header = new HeaderLogin(login.header(), login.trustedProxies(), login.headerSecretName(),
                login.headerSecretValue(), login.headerEmail(), login.headerGroups());
        this.form = new FormLogin(login.formUsers(), verifier);
        this.assertion = login.assertion() == null ? null : new AssertionLogin(login.assertion(), clock);
        this.container = new ContainerLogin(login.containerRole());
    }

    /**
     * The user the SSO gateway vouches for on this request; empty when it vouches for nobody, and always
     * empty with the form login, where the user signs in on our page instead.
     *
     * @param headers       the request's headers by name
     * @param remoteAddress the peer that sent the request
     */
    public Optional<String> gatewaySubject(UnaryOperator<String> headers, String remoteAddress) {
        return gatewayUser(headers, remoteAddress).map(Authenticated::subject);
    }

    /** As {@link #gatewaySubject}, with the e-mail address and groups the gateway sent. */
    public Optional<Authenticated> gatewayUser(UnaryOperator<String> headers, String remoteAddress) {
        if (LoginSettings.MODE_HEADER.equals(mode)) {
            return header.user(headers, remoteAddress);
        }
        if (isAssertion()) {
            // The signature, not the peer address, proves the gateway here: see AssertionLogin.
            return assertion.user(headers.apply(assertion.header()));
        }
        return Optional.empty();
    }

    public String mode() {
        return mode;
    }

    public boolean isForm() {
        return LoginSettings.MODE_FORM.equals(mode);
    }

    public boolean isAssertion() {
        return LoginSettings.MODE_ASSERTION.equals(mode);
    }

    /** The server's own authentication through the constraint on {@code /login/container}. */
    public boolean isContainer() {
        return LoginSettings.MODE_CONTAINER.equals(mode);
    }

    public ContainerLogin container() {
        return container;
    }

    public HeaderLogin header() {
        return header;
    }

    public FormLogin form() {
        return form;
    }

    /** The signed-assertion login; null unless {@link #isAssertion()}. */
    public AssertionLogin assertion() {
        return assertion;
    }
}
