package io.mcpoauth.server;

import java.io.IOException;
import java.io.OutputStream;

/** An export, written when the response body is: records stream from the storage to the client. */
@FunctionalInterface
public interface ExportStream {

    void writeTo(OutputStream out) throws IOException;
}
