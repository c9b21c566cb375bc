package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.ClientRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantHandlersTest {

    /** A handler that only names its grant type. */
    private record Named(GrantType grantType) implements GrantHandler {

        @Override
        public TokenResponse handle(TokenRequest request, ClientRecord client, Instant now) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<GrantHandler> everyType() {
        List<GrantHandler> out = new ArrayList<>();
        Arrays.stream(GrantType.values()).forEach(t -> out.add(new Named(t)));
        return out;
    }

    @Test
    void handlerWhenGrantTypeKnownThenItsHandler() {
        List<GrantHandler> handlers = everyType();
        GrantHandlers grants = new GrantHandlers(handlers);
        for (GrantHandler h : handlers) {
            assertSame(h, grants.handler(h.grantType().value()));
        }
    }

    @Test
    void handlerWhenGrantTypeUnknownThenUnsupportedGrantType() {
        GrantHandlers grants = new GrantHandlers(everyType());
        for (String unknown : new String[] {"password", "implicit", "AUTHORIZATION_CODE", "", null}) {
            OAuthException e = assertThrows(OAuthException.class, () -> grants.handler(unknown), unknown);
            assertEquals("unsupported_grant_type", e.error().code());
            assertEquals(400, e.error().httpStatus());
        }
    }

    @Test
    void supportedWhenBuiltThenWireNamesSorted() {
        List<GrantHandler> reversed = everyType();
        java.util.Collections.reverse(reversed);
        assertEquals(List.of("authorization_code", "client_credentials", "refresh_token",
                "urn:ietf:params:oauth:grant-type:jwt-bearer"), new GrantHandlers(reversed).supported());
    }

    @Test
    void handlerWhenTurnedOffThenUnsupportedAndLeftOutOfTheMetadata() {
        List<GrantHandler> handlers = everyType();
        handlers.removeIf(h -> h.grantType() == GrantType.CLIENT_CREDENTIALS);
        handlers.add(new GrantHandler() {
            @Override
            public GrantType grantType() {
                return GrantType.CLIENT_CREDENTIALS;
            }

            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public TokenResponse handle(TokenRequest request, ClientRecord client, Instant now) {
                throw new UnsupportedOperationException();
            }
        });
        GrantHandlers grants = new GrantHandlers(handlers);
        OAuthException e = assertThrows(OAuthException.class, () -> grants.handler("client_credentials"));
        assertEquals("unsupported_grant_type", e.error().code());
        assertFalse(grants.supported().contains("client_credentials"), grants.supported()::toString);
        assertTrue(grants.supported().contains("refresh_token"));
    }

    @Test
    void newWhenGrantTypeWithoutHandlerOrWithTwoThenRefused() {
        List<GrantHandler> missing = everyType();
        missing.remove(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GrantHandlers(missing));
        assertTrue(e.getMessage().contains("no handler for grant type"), e.getMessage());
        List<GrantHandler> twice = everyType();
        twice.add(new Named(GrantType.REFRESH_TOKEN));
        e = assertThrows(IllegalArgumentException.class, () -> new GrantHandlers(twice));
        assertTrue(e.getMessage().contains("two handlers for grant type refresh_token"), e.getMessage());
    }
}
