package io.mcpoauth.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeySealerTest {

    private static final String JWK = "{\"kty\":\"EC\",\"d\":\"secret-part\"}";

    static SecretKey kek(int fill) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) fill);
        return new SecretKeySpec(b, "AES");
    }

    @Test
    void sealWhenKekThenEncryptedAndOpensForTheSameKidAndSlotOnly() {
        KeySealer sealer = new KeySealer(Optional.of(kek(1)));
        String sealed = sealer.seal("kid-1", 1000L, JWK);
        assertTrue(sealed.startsWith("A256GCM."), sealed);
        assertFalse(sealed.contains("secret"), sealed);
        assertNotEquals(sealed, sealer.seal("kid-1", 1000L, JWK), "a fresh nonce each time");
        assertEquals(JWK, sealer.open("kid-1", 1000L, sealed));
        assertThrows(IllegalStateException.class, () -> sealer.open("kid-2", 1000L, sealed));
        assertThrows(IllegalStateException.class, () -> sealer.open("kid-1", 2000L, sealed));
        String altered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "AB" : "AA");
        assertThrows(IllegalStateException.class, () -> sealer.open("kid-1", 1000L, altered));
    }

    @Test
    void openWhenAnotherKekOrNoneThenErrorNamesTheKekSetting() {
        String sealed = new KeySealer(Optional.of(kek(1))).seal("k", 1L, JWK);
        String e = assertThrows(IllegalStateException.class,
                () -> new KeySealer(Optional.of(kek(2))).open("k", 1L, sealed)).getMessage();
        assertTrue(e.contains(SigningSettings.KEK_KEY), e);
        e = assertThrows(IllegalStateException.class, () -> new KeySealer(Optional.empty()).open("k", 1L, sealed))
                .getMessage();
        assertTrue(e.contains(SigningSettings.KEK_KEY), e);
    }

    @Test
    void openWhenSealedUnderAPreviousKekThenOpensAndNewKeysUseTheCurrentOne() {
        String old = new KeySealer(Optional.of(kek(1))).seal("k", 1L, JWK);
        KeySealer rotated = new KeySealer(Optional.of(kek(2)), java.util.List.of(kek(3), kek(1)));
        assertEquals(JWK, rotated.open("k", 1L, old));
        String fresh = rotated.seal("k", 2L, JWK);
        assertEquals(JWK, new KeySealer(Optional.of(kek(2))).open("k", 2L, fresh), "sealed with the current one");
        assertThrows(IllegalStateException.class, () -> new KeySealer(Optional.of(kek(1))).open("k", 2L, fresh));
        assertThrows(IllegalArgumentException.class, () -> new KeySealer(Optional.empty(), java.util.List.of(kek(1))));
    }

    @Test
    void sealWhenNoKekThenPlainWhichAKekRefuses() {
        String plain = new KeySealer(Optional.empty()).seal("k", 1L, JWK);
        assertEquals(JWK, new KeySealer(Optional.empty()).open("k", 1L, plain));
        assertThrows(IllegalStateException.class, () -> new KeySealer(Optional.of(kek(1))).open("k", 1L, plain));
    }
}
