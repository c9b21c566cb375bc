package io.mcpoauth.cimd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * How document fetches reach the network: the TLS trust that verifies a document server's certificate, and
 * the name lookup whose answer is checked and then connected to (never looked up a second time).
 *
 * @param tls the sockets' TLS; the certificate is verified for the URL's host name whatever it trusts
 * @param dns the name lookup
 */
public record FetchTransport(SSLSocketFactory tls, Resolver dns) {

    /** A name lookup; every address it answers is checked before one of them is connected to. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public FetchTransport {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(dns, "dns");
    }

    /** The JVM's trust store ({@code javax.net.ssl.trustStore} or the JDK's) and the system resolver. */
    public static FetchTransport system() {
        return new FetchTransport((SSLSocketFactory) SSLSocketFactory.getDefault(), InetAddress::getAllByName);
    }

    /** Trust as {@code context} does, with the system resolver: for servers with a certificate of their own. */
    public static FetchTransport trusting(SSLContext context) {
        return new FetchTransport(context.getSocketFactory(), InetAddress::getAllByName);
    }
}
