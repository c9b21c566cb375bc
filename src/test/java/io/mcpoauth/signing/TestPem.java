package io.mcpoauth.signing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Private keys written as PEM, the ways operators' tools write them. */
final class TestPem {

    private TestPem() {
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** PKCS#8, as {@code openssl genpkey} writes it. */
    static String pkcs8(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    static String publicKey(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    /** SEC1 naming P-256, as {@code openssl ecparam -name prime256v1 -genkey} writes it (public key left out). */
    static String sec1(KeyPair pair) {
        byte[] d = unsigned32(((ECPrivateKey) pair.getPrivate()).getS().toByteArray());
        byte[] body = concat(HexFormat.of().parseHex("020101" + "0420"), d,
                HexFormat.of().parseHex("a00a06082a8648ce3d030107"));
        return pem("EC PRIVATE KEY", concat(new byte[] {0x30, (byte) body.length}, body));
    }

    /** PKCS#1, as {@code openssl genrsa} (1.x) writes it: the inner key of the PKCS#8 encoding. */
    static String pkcs1(KeyPair pair) {
        byte[] p8 = pair.getPrivate().getEncoded();
        // PrivateKeyInfo: SEQ { INTEGER 0, AlgorithmIdentifier(15 bytes), OCTET STRING { RSAPrivateKey } }
        int at = 4 + 3 + 15;
        if (p8[at] != 0x04) {
            throw new IllegalStateException("unexpected PKCS#8 layout");
        }
        int lenBytes = p8[at + 1] & 0x7f;
        int start = at + 2 + lenBytes;
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(p8, start, p8.length));
    }

    private static byte[] unsigned32(byte[] b) {
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
