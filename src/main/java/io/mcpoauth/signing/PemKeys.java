package io.mcpoauth.signing;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyAgreement;

/**
 * Reads one private key from PEM, without a PEM library: PKCS#8 ({@code BEGIN PRIVATE KEY}), SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}), as {@code openssl genpkey},
 * {@code openssl ecparam -genkey} and {@code openssl genrsa} write them; other blocks in the text (a certificate,
 * the public key) are ignored. Encrypted keys are refused: the secret would only move to another setting.
 */
final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    /** AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    /** AlgorithmIdentifier { id-ecPublicKey, prime256v1 }. */
    private static final byte[] P256_ALGORITHM = hex("301306072a8648ce3d020106082a8648ce3d030107");

    private PemKeys() {
    }

    /** The key pair as a private JWK (no kid yet); {@code key} names the setting in every error. */
    static JWK read(String key, String pem) {
        Matcher m = BLOCK.matcher(pem);
        byte[] pkcs8 = null;
        boolean publicOnly = false;
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": the " + m.group(1) + " block is not valid base64");
            }
            String type = m.group(1);
            byte[] found = switch (type) {
                case "PRIVATE KEY" -> der;
                case "EC PRIVATE KEY" -> element(0x30, concat(new byte[] {2, 1, 0}, P256_ALGORITHM,
                        element(0x04, p256(key, der))));
                case "RSA PRIVATE KEY" -> element(0x30, concat(new byte[] {2, 1, 0}, RSA_ALGORITHM,
                        element(0x04, der)));
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(key + ": the private key is "
                        + "encrypted; give it unencrypted (openssl pkcs8 -topk8 -nocrypt) and protect the file instead");
                default -> null;
            };
            if (type.contains("PUBLIC KEY") || type.equals("CERTIFICATE")) {
                publicOnly = true;
            }
            if (found != null) {
                if (pkcs8 != null) {
                    throw new IllegalArgumentException(key + ": holds more than one private key");
                }
                pkcs8 = found;
            }
        }
        if (pkcs8 == null) {
            throw new IllegalArgumentException(key + (publicOnly ? ": holds no private key, only a public key or "
                    + "certificate (a public key cannot sign)" : ": holds no PEM private key"));
        }
        return jwk(key, pkcs8);
    }

    private static JWK jwk(String key, byte[] pkcs8) {
        PrivateKey privateKey = null;
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                break;
            } catch (GeneralSecurityException e) {
                // Try the next key type.
            }
        }
        try {
            if (privateKey instanceof RSAPrivateCrtKey rsa) {
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return new RSAKey.Builder(pub).privateKey(rsa).build();
            }
            if (privateKey instanceof ECPrivateKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (!Curve.P_256.equals(curve)) {
                    throw new IllegalArgumentException(key + ": only EC keys on P-256 are supported, not "
                            + (curve == null ? "this curve" : curve));
                }
                return new ECKey.Builder(curve, publicOf(ec)).privateKey(ec).build();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(key + ": unusable private key (" + e.getMessage() + ")");
        }
        throw new IllegalArgumentException(key + ": not an RSA (with CRT parameters) or EC private key");
    }

    /**
     * The public point d·G of an EC private key, from the JDK alone: an ECDH agreement of the private key with
     * the generator gives its x; y is one of the two square roots of x³ + ax + b (p ≡ 3 mod 4 on P-256), and the
     * pair's own signature says which. Only public values pass through {@link BigInteger}.
     */
    static ECPublicKey publicOf(ECPrivateKey privateKey) throws GeneralSecurityException {
        ECParameterSpec params = privateKey.getParams();
        KeyFactory factory = KeyFactory.getInstance("EC");
        ECPublicKey generator = (ECPublicKey) factory.generatePublic(
                new ECPublicKeySpec(params.getGenerator(), params));
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(privateKey);
        agreement.doPhase(generator, true);
        BigInteger x = new BigInteger(1, agreement.generateSecret());
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
        BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
        for (BigInteger candidate : new BigInteger[] {y, p.subtract(y)}) {
            ECPublicKey pub = (ECPublicKey) factory.generatePublic(
                    new ECPublicKeySpec(new ECPoint(x, candidate), params));
            if (matches(privateKey, pub)) {
                return pub;
            }
        }
        throw new GeneralSecurityException("the EC private key gives no point on its curve");
    }

    private static boolean matches(ECPrivateKey privateKey, ECPublicKey publicKey) throws GeneralSecurityException {
        byte[] probe = "mcp-oauth public point".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(privateKey);
        s.update(probe);
        byte[] signature = s.sign();
        s.initVerify(publicKey);
        s.update(probe);
        return s.verify(signature);
    }

    /**
     * A SEC1 key is wrapped as PKCS#8 under P-256, so it must name that curve (as {@code openssl ecparam -name
     * prime256v1 -genkey} writes it); a key of another curve would otherwise be read as a wrong P-256 key.
     */
    private static byte[] p256(String key, byte[] sec1) {
        byte[] oid = hex("06082a8648ce3d030107");
        for (int i = 0; i + oid.length <= sec1.length; i++) {
            if (Arrays.equals(sec1, i, i + oid.length, oid, 0, oid.length)) {
                return sec1;
            }
        }
        throw new IllegalArgumentException(key + ": only EC keys on P-256 (prime256v1, named) are supported");
    }

    /** One DER element: tag, definite length, content. */
    private static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
