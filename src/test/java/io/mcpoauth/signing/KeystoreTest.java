package io.mcpoauth.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import io.mcpoauth.config.ConfigSource;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provided keys from a PKCS#12 keystore, made by the JDK's keytool as an operator would. */
class KeystoreTest {

    private static final String P = "mcp.oauth.jwt.";

    @TempDir
    Path dir;

    private Path keystore(String... aliasAndAlgorithm) throws Exception {
        Path file = dir.resolve("keys.p12");
        for (int i = 0; i < aliasAndAlgorithm.length; i += 2) {
            String keytool = System.getProperty("java.home") + File.separator + "bin" + File.separator + "keytool";
            List<String> cmd = new java.util.ArrayList<>(List.of(keytool, "-genkeypair", "-alias",
                    aliasAndAlgorithm[i], "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass",
                    "store-secret", "-dname", "CN=mcp-oauth test", "-validity", "2"));
            cmd.addAll(aliasAndAlgorithm[i + 1].equals("EC") ? List.of("-keyalg", "EC", "-groupname", "secp256r1")
                    : List.of("-keyalg", "RSA", "-keysize", "2048"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        }
        return file;
    }

    @Test
    void loadWhenKeystoreAliasesListedThenTheirKeys() throws Exception {
        Path file = keystore("ks-1", "EC", "ks-2", "EC");
        SigningSettings s = SigningSettings.load(ConfigSource.of(Map.of(P + "keystore", file.toString(),
                P + "keystore-password", "store-secret", P + "keys", "ks-1 ks-2", P + "current-key", "ks-2")), false);
        assertEquals(List.of("ks-1", "ks-2"), s.provided().stream().map(SigningKey::kid).toList());
        assertEquals(JWSAlgorithm.ES256, s.currentKey().algorithm());
    }

    @Test
    void loadWhenWrongPasswordOrMissingAliasOrRsaForEs256ThenErrorNamesTheKey() throws Exception {
        Path file = keystore("ks-ec", "EC", "ks-rsa", "RSA");
        Map<String, String> base = Map.of(P + "keystore", file.toString(), P + "keystore-password", "store-secret");
        String e = error(with(base, P + "keystore-password", "wrong", P + "keys", "ks-ec"));
        assertTrue(e.startsWith(P + "keystore:"), e);
        assertFalse(e.contains("wrong"), e);
        e = error(with(base, P + "keys", "ks-none"));
        assertTrue(e.startsWith(P + "keys lists ks-none"), e);
        e = error(with(base, P + "keys", "ks-rsa"));
        assertTrue(e.startsWith(P + "keystore (alias ks-rsa)"), e);
        assertEquals(JWSAlgorithm.RS256, SigningSettings.load(ConfigSource.of(with(base, P + "keys", "ks-rsa",
                P + "algorithm", "RS256")), false).currentKey().algorithm());
        e = error(with(base));
        assertTrue(e.startsWith(P + "keystore is set"), e);
    }

    private static Map<String, String> with(Map<String, String> base, String... more) {
        Map<String, String> m = new java.util.HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    private static String error(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class,
                () -> SigningSettings.load(ConfigSource.of(values), false)).getMessage();
    }
}
