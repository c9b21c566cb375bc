package io.mcpoauth.server;

import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.ConsentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the user must be asked, and remembers what the user approved. A remembered consent covers a
 * request within its scopes and resources; for a public client, also only at a redirect URI the user approved it
 * for: such a client proves nothing at the token endpoint, and any local process can listen on a loopback port
 * (RFC 8252 8.6), so a consent given to the app on one port must not hand a code to whatever listens on another.
 */
public final class ConsentPolicy {

    private final ConsentSettings settings;
    private final ConsentStore consents;

    public ConsentPolicy(ConsentSettings settings, ConsentStore consents) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.consents = Objects.requireNonNull(consents, "consents");
    }

    boolean mustAsk(String subject, ValidatedAuthorization auth, Instant now) {
        if (settings.skipFor().contains(auth.client().clientId())) {
            return false;
        }
        if (!settings.remembers()) {
            return true;
        }
        return consents.find(subject, auth.client().clientId(), now).map(c -> !covers(c, auth)).orElse(true);
    }

    private static boolean covers(ConsentRecord consent, ValidatedAuthorization auth) {
        return consent.covers(auth.scope().values(), auth.resources())
                && (!auth.client().isPublic() || consent.coversRedirectUri(auth.redirectUri()));
    }

    /**
     * Remembers the approval, widening an earlier one for the same client: scopes and redirect URIs are added
     * (the most recent {@link ConsentRecord#MAX_REDIRECT_URIS} URIs kept); resources are added too, except that
     * an approval without resources (a token for any audience) stays one.
     */
    void remember(String subject, ValidatedAuthorization auth, Instant now) {
        if (!settings.remembers()) {
            return;
        }
        Optional<ConsentRecord> earlier = consents.find(subject, auth.client().clientId(), now);
        Set<String> scopes = new LinkedHashSet<>(auth.scope().values());
        Set<String> resources = new LinkedHashSet<>(auth.resources());
        List<String> redirectUris = new ArrayList<>();
        earlier.ifPresent(e -> {
            scopes.addAll(e.scopes());
            redirectUris.addAll(e.redirectUris());
        });
        if (resources.isEmpty() || earlier.map(e -> e.resources().isEmpty()).orElse(false)) {
            resources.clear();
        } else {
            earlier.ifPresent(e -> resources.addAll(e.resources()));
        }
        redirectUris.remove(auth.redirectUri());
        redirectUris.add(auth.redirectUri());
        List<String> kept = redirectUris.subList(
                Math.max(0, redirectUris.size() - ConsentRecord.MAX_REDIRECT_URIS), redirectUris.size());
        consents.save(new ConsentRecord(subject, auth.client().clientId(), scopes, List.copyOf(resources), kept, now,
                now.plus(settings.ttl())), now);
    }
}
