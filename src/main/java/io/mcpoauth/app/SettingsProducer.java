package io.mcpoauth.app;

import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.cimd.FetchListener;
import io.mcpoauth.cimd.FetchTransport;
import io.mcpoauth.cimd.KeySetFetcher;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.login.Login;
import io.mcpoauth.login.LoginSettings;
import io.mcpoauth.metrics.MetricsSettings;
import io.mcpoauth.metrics.OperatorMetrics;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.signing.SigningSettings;
import io.mcpoauth.web.ForwardedSettings;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.Config;

/**
 * Produces the typed settings from MicroProfile Config, each read by the record of the part it configures, the
 * clock, and the configured login mode's strategy.
 */
@ApplicationScoped
public class SettingsProducer {

    @Inject
    Config config;

    /** Mandatory in Jakarta EE 10: the metadata-document fetches run on threads the container manages. */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    ConfigSource source() {
        return key -> config.getOptionalValue(key, String.class);
    }

    @Produces
    @Singleton
    OAuthSettings settings() {
        return OAuthSettings.load(source());
    }

    @Produces
    @Singleton
    LoginSettings login(OAuthSettings settings) {
        return settings.login();
    }

    @Produces
    @Singleton
    MetricsSettings metrics() {
        return MetricsSettings.load(source());
    }

    /**
     * The server's signing keys: provided ones are read here, so a bad key fails the deployment. The second
     * argument says whether access tokens are JWTs (then keys are generated when none are provided).
     */
    @Produces
    @Singleton
    SigningSettings signing() {
        return SigningSettings.load(source(), false);
    }

    @Produces
    @Singleton
    ForwardedSettings forwarded() {
        return ForwardedSettings.load(source());
    }

    @Produces
    @Singleton
    ClientIdMetadataResolver clientIdMetadataResolver(OAuthSettings settings, Clock clock, OperatorMetrics metrics) {
        return new ClientIdMetadataResolver(settings.cimd(), FetchTransport.system(), clock, threads,
                fetchCounter(metrics));
    }

    /** The guarded fetches of key sets at URLs that clients named (registration, metadata documents). */
    @Produces
    @Singleton
    KeySetFetcher keySetFetcher(OAuthSettings settings, OperatorMetrics metrics) {
        return new KeySetFetcher(settings.cimd(), FetchTransport.system(), threads, fetchCounter(metrics));
    }

    /** Fetches counted by their labels, so that {@code cimd} need not know of metrics. */
    private static FetchListener fetchCounter(OperatorMetrics metrics) {
        return (kind, outcome, nanos) -> metrics.metadataFetch(kind.label(), outcome.label(), nanos);
    }

    /** Chosen once, here: the rest of the code asks the strategy and never the mode. */
    @Produces
    @Singleton
    Login loginStrategy(LoginSettings login, SecretVerifier verifier, Clock clock) {
        return Login.of(login, verifier, clock);
    }

    /** The one clock every part reads the time from. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
