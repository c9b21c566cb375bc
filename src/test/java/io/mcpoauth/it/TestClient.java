package io.mcpoauth.it;

import java.util.Map;

/**
 * A client of a test server's configuration, or one the test registered: its id, its secret (null for a public
 * client, which names itself in the form) and the redirect URI it authorizes with. A first-party client is never
 * shown the consent page.
 */
record TestClient(String id, String secret, String redirect, boolean firstParty) {

    /** A public client, asked for consent. */
    static TestClient publicClient(String id, String redirect) {
        return new TestClient(id, null, redirect, false);
    }

    /** A confidential client, asked for consent unless first party. */
    static TestClient confidential(String id, String secret, String redirect, boolean firstParty) {
        return new TestClient(id, secret, redirect, firstParty);
    }

    /**
     * Adds the client's authentication to a request: its id in the form when public, else HTTP Basic (RFC 6749
     * 2.3.1); returns the headers to send.
     */
    String[] authenticate(Map<String, String> form) {
        if (secret == null) {
            form.put("client_id", id);
            return new String[0];
        }
        return new String[] {"Authorization", Http.basic(id, secret)};
    }
}
