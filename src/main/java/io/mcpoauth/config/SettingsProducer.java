package io.mcpoauth.config;

import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.cimd.FetchTransport;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;

/** Produces the typed settings from MicroProfile Config, and the clock. */
@ApplicationScoped
public class SettingsProducer {

    @Inject
    Config config;

    /** Mandatory in Jakarta EE 10: the metadata-document fetches run on threads the container manages. */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Produces
    @Singleton
    OAuthSettings settings() {
        return OAuthSettings.load(key -> config.getOptionalValue(key, String.class));
    }

    @Produces
    @Singleton
    ClientIdMetadataResolver clientIdMetadataResolver(OAuthSettings settings, Clock clock) {
        return new ClientIdMetadataResolver(settings.cimd(), FetchTransport.system(), clock, threads);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
