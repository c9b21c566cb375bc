package io.mcpoauth.server;

import io.mcpoauth.config.ConsentSettings;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.ConsentStore;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Decides whether the user must be asked, and remembers what the user approved. */
final class ConsentPolicy {

    private final ConsentSettings settings;
    private final ConsentStore consents;

    ConsentPolicy(ConsentSettings settings, ConsentStore consents) {
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
        return consents.find(subject, auth.client().clientId(), now)
                .map(c -> !c.covers(Scope.parse(auth.scope()).values(), auth.resources()))
                .orElse(true);
    }

    /** Remembers the approval, widening an earlier one for the same client. */
    void remember(String subject, ValidatedAuthorization auth, Instant now) {
        if (!settings.remembers()) {
            return;
        }
        Set<String> scopes = new LinkedHashSet<>(Scope.parse(auth.scope()).values());
        Set<String> resources = new LinkedHashSet<>(auth.resources());
        consents.find(subject, auth.client().clientId(), now).ifPresent(earlier -> {
            scopes.addAll(earlier.scopes());
            resources.addAll(earlier.resources());
        });
        consents.save(new ConsentRecord(subject, auth.client().clientId(), scopes, List.copyOf(resources), now,
                now.plus(settings.ttl())));
    }
}
