package io.mcpoauth.signing;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

/** A PKCS#12 keystore of signing keys, each under its kid as alias, with the certificate of its public key. */
final class Keystore {

    private final String key;
    private final KeyStore store;
    private final char[] password;

    private Keystore(String key, KeyStore store, char[] password) {
        this.key = key;
        this.store = store;
        this.password = password;
    }

    /** @param key the setting naming the file, for errors */
    static Keystore open(String key, String path, String password) {
        char[] pin = password.toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, pin);
            return new Keystore(key, store, pin);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The password is wrong, or the file is missing or not PKCS#12: never say more of the password.
            throw new IllegalArgumentException(key + ": cannot open the PKCS#12 keystore " + path + " ("
                    + e.getClass().getSimpleName() + "; check it and " + SigningSettings.KEYSTORE_PASSWORD_KEY + ")");
        }
    }

    /** The key pair under {@code alias} as a private JWK; null when there is no such alias. */
    JWK read(String alias) {
        try {
            if (!store.containsAlias(alias)) {
                return null;
            }
            Key privateKey = store.getKey(alias, password);
            Certificate certificate = store.getCertificate(alias);
            PublicKey publicKey = certificate == null ? null : certificate.getPublicKey();
            if (privateKey instanceof RSAPrivateKey rsa && publicKey instanceof RSAPublicKey pub) {
                return new RSAKey.Builder(pub).privateKey(rsa).build();
            }
            if (privateKey instanceof ECPrivateKey ec && publicKey instanceof ECPublicKey pub) {
                Curve curve = Curve.forECParameterSpec(pub.getParams());
                if (curve == null) {
                    throw new IllegalArgumentException(key + ": alias " + alias + " is on an unsupported curve");
                }
                return new ECKey.Builder(curve, pub).privateKey(ec).build();
            }
            throw new IllegalArgumentException(key + ": alias " + alias
                    + " is not an RSA or EC private key with its certificate");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(key + ": cannot read alias " + alias + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
