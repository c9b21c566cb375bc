package io.mcpoauth.server;

import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.store.ClientRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates a client at the token, revocation and introspection endpoints. An unknown client and a wrong
 * secret take the same path (a full secret check against a dummy hash) and give the same answer; so do an
 * unknown client and a refused assertion. A client authenticates only by its own method: a secret client never
 * with an assertion, a {@code private_key_jwt} client never with a secret, a public client with neither.
 */
public final class ClientAuthenticator {

    private final ClientRegistry clients;
    private final SecretVerifier verifier;
    private final ClientAssertions assertions;

    public ClientAuthenticator(ClientRegistry clients, SecretVerifier verifier, ClientAssertions assertions) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.assertions = Objects.requireNonNull(assertions, "assertions");
    }

    /** What {@link #authenticate} decided. */
    public sealed interface Outcome {

        /** The client is who it says. */
        record Authenticated(ClientRecord client) implements Outcome {
        }

        /**
         * Refused ({@code invalid_client}); {@code guessed} when a secret was checked and was wrong, which is
         * what the failure lockouts count. A request with nothing to guess fails alone.
         */
        record Failed(boolean guessed) implements Outcome {
        }

        /** A secret never verified before, presented while fresh checks are locked: not checked at all. */
        record Unverified() implements Outcome {
        }
    }

    /**
     * @param freshChecks false while a failure lockout holds: only a secret verified before can then succeed
     */
    public Outcome authenticate(ClientCredentials credentials, boolean freshChecks) {
        Optional<ClientRecord> found = clients.find(credentials.clientId());
        if (credentials.assertion() != null) {
            return assertion(found, credentials.assertion());
        }
        if (found.isPresent() && found.get().authMethod() == ClientAuthMethod.PRIVATE_KEY_JWT) {
            // RFC 7591 2: the client registered private_key_jwt; it has no secret, so a secret presented for it
            // (or none at all) fails that request and counts nowhere: there is nothing to guess.
            return new Outcome.Failed(false);
        }
        boolean isPublic = found.isPresent() && found.get().isPublic();
        if (credentials.secret() == null) {
            // A public client proves nothing but its id; a confidential one must present its secret.
            return isPublic ? new Outcome.Authenticated(found.get()) : new Outcome.Failed(false);
        }
        if (isPublic) {
            // RFC 6749 2.1: a public client has no secret, so there is nothing to guess and nothing to count: a
            // secret sent with its id fails that request and no other.
            return new Outcome.Failed(false);
        }
        String storedHash = found.map(ClientRecord::secretHash).orElse("");
        return switch (verifier.check(credentials.clientId(), credentials.secret(), storedHash, freshChecks)) {
            // Either secret method is accepted for a confidential client (RFC 6749 2.3.1 allows both).
            case MATCH -> new Outcome.Authenticated(found.get());
            case MISMATCH -> new Outcome.Failed(true);
            case UNVERIFIED -> new Outcome.Unverified();
        };
    }

    /**
     * RFC 7523 3: only a {@code private_key_jwt} client authenticates with an assertion. A refusal is never
     * {@code guessed}, and the lockout does not stop the check: a signature made with a private key cannot be
     * guessed, so bad assertions sent under a client's id are refused one by one and count towards no failure
     * lockout. Counting them would let anyone who knows the (public) id lock the real client out.
     */
    private Outcome assertion(Optional<ClientRecord> found, String assertion) {
        if (found.isEmpty() || found.get().authMethod() != ClientAuthMethod.PRIVATE_KEY_JWT) {
            return new Outcome.Failed(false);
        }
        ClientRecord client = found.get();
        return assertions.accepts(client, clients.isConfigured(client.clientId()), assertion)
                ? new Outcome.Authenticated(client) : new Outcome.Failed(false);
    }
}
