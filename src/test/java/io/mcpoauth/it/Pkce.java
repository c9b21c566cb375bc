package io.mcpoauth.it;

/**
 * The PKCE pair every HTTP test sends: the verifier and its S256 challenge from RFC 7636 Appendix B, so a
 * failing exchange can be checked by hand.
 */
public final class Pkce {

    public static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    /** {@code BASE64URL(SHA256(VERIFIER))}. */
    public static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    /** The authorization request's PKCE parameters, to append to a query string. */
    public static final String PARAMETERS = "code_challenge=" + CHALLENGE + "&code_challenge_method=S256";

    private Pkce() {
    }
}
