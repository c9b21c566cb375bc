package io.mcpoauth.login;

import io.mcpoauth.config.LoginSettings;
import io.mcpoauth.config.OAuthSettings;
import io.mcpoauth.crypto.SecretVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The configured login mode, for the web layer. */
@ApplicationScoped
public class Login {

    private final String mode;
    private final HeaderLogin header;
    private final FormLogin form;

    protected Login() {
        this.mode = null;
        this.header = null;
        this.form = null;
    }

    @Inject
    public Login(OAuthSettings settings, SecretVerifier verifier) {
        LoginSettings login = settings.login();
        this.mode = login.mode();
        this.header = new HeaderLogin(login.header(), login.trustedProxies());
        this.form = new FormLogin(login.formUsers(), verifier);
    }

    public boolean isForm() {
        return LoginSettings.MODE_FORM.equals(mode);
    }

    public HeaderLogin header() {
        return header;
    }

    public FormLogin form() {
        return form;
    }
}
