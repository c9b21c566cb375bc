package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpoauth.config.ConfigSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataJwksUriTest {

    private final OAuthSettings settings = OAuthSettings.load(ConfigSource.of(Map.of("mcp.oauth.issuer",
            "http://localhost:9000")));

    @Test
    void metadataWhenServerPublishesKeysThenJwksUri() {
        assertEquals("http://localhost:9000/jwks", new MetadataService(settings, List.of("authorization_code"), true)
                .metadata().get("jwks_uri"));
    }

    @Test
    void metadataWhenServerSignsNothingThenNoJwksUri() {
        assertFalse(new MetadataService(settings, List.of("authorization_code")).metadata().containsKey("jwks_uri"));
    }
}
