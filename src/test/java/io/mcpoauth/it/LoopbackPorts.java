package io.mcpoauth.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free ports on the loopback interface, for the servers a test starts of its own. */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port nothing listens on at this moment. */
    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
