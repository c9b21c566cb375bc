package io.mcpoauth.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireValueTest {

    @Test
    void parseWhenWireNameThenConstantAndOtherwiseEmpty() {
        assertEquals(Optional.of(GrantType.REFRESH_TOKEN), GrantType.parse("refresh_token"));
        assertEquals(Optional.of(ClientAuthMethod.NONE), ClientAuthMethod.parse("none"));
        for (String other : new String[] {"REFRESH_TOKEN", "refresh-token", " refresh_token", "password", "", null}) {
            assertEquals(Optional.empty(), GrantType.parse(other), other);
        }
        assertEquals(Optional.of(ClientAuthMethod.PRIVATE_KEY_JWT), ClientAuthMethod.parse("private_key_jwt"));
        assertEquals(Optional.empty(), ClientAuthMethod.parse("client_secret_jwt"));
        assertEquals(Optional.empty(), ClientAuthMethod.parse("NONE"));
        assertThrows(IllegalArgumentException.class, () -> GrantType.of("implicit"));
        assertThrows(IllegalArgumentException.class, () -> GrantType.allOf(List.of("authorization_code", "x")));
        assertThrows(IllegalArgumentException.class, () -> ClientAuthMethod.of("client_secret_jwt"));
    }

    @Test
    void wireNamesWhenListedThenSortedOrInMetadataOrder() {
        assertEquals(List.of("authorization_code", "client_credentials", "refresh_token",
                "urn:ietf:params:oauth:grant-type:jwt-bearer"), GrantType.sortedValues(Set.of(GrantType.values())));
        assertEquals(List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"),
                ClientAuthMethod.supported());
        assertEquals(List.of("client_secret_basic", "client_secret_post", "private_key_jwt"),
                ClientAuthMethod.authenticating());
        assertEquals("authorization_code, refresh_token, client_credentials, "
                + "urn:ietf:params:oauth:grant-type:jwt-bearer", GrantType.known());
    }

    @Test
    void clientKindsWhenAskedThenSecretMethodsConfidentialAndNonePublic() {
        assertTrue(ClientAuthMethod.CLIENT_SECRET_BASIC.usesSecret());
        assertTrue(ClientAuthMethod.CLIENT_SECRET_POST.usesSecret());
        assertFalse(ClientAuthMethod.NONE.usesSecret());
        assertTrue(ClientAuthMethod.NONE.isPublic());
        assertFalse(ClientAuthMethod.CLIENT_SECRET_POST.isPublic());
        // RFC 7523 2.2: a private_key_jwt client is confidential and keeps no secret here.
        assertFalse(ClientAuthMethod.PRIVATE_KEY_JWT.usesSecret());
        assertFalse(ClientAuthMethod.PRIVATE_KEY_JWT.isPublic());
        // RFC 6749 4.4: client_credentials only for confidential clients.
        assertFalse(GrantType.CLIENT_CREDENTIALS.allowsPublicClients());
        assertTrue(GrantType.AUTHORIZATION_CODE.allowsPublicClients());
        assertTrue(GrantType.REFRESH_TOKEN.allowsPublicClients());
    }
}
