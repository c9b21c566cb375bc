package io.mcpoauth.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How users log in at {@code /authorize}.
 *
 * @param mode                    {@code form} (the demo login) or {@code header} (an SSO gateway sets a header)
 * @param header                  the header that carries the user in {@code header} mode
 * @param trustedProxies          CIDR ranges the header is accepted from; from anywhere else it is ignored
 * @param formUsers               demo users: name to bcrypt password hash
 * @param formAllowNonLocalIssuer lets the demo form run with an issuer that is not localhost
 * @param assertion               the signed-assertion login; null unless the mode is {@code assertion}
 */
public record LoginSettings(
        String mode,
        String header,
        List<String> trustedProxies,
        Map<String, String> formUsers,
        boolean formAllowNonLocalIssuer,
        AssertionSettings assertion) {

    public static final String MODE_FORM = "form";
    public static final String MODE_HEADER = "header";
    public static final String MODE_ASSERTION = "assertion";

    public LoginSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(header, "header");
        trustedProxies = List.copyOf(trustedProxies);
        formUsers = Map.copyOf(formUsers);
    }
}
