package io.mcpoauth.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * A request body that may not run past {@code cap} bytes: the read that would pass it fails with
 * {@link BodyTooLargeException}, and so does every read after it, so that no reader can take a cut body for a
 * whole one. Bytes are counted as they arrive, so a body sent without a length (chunked) is stopped at the cap
 * instead of read whole.
 */
final class CappedInputStream extends ServletInputStream {

    private final ServletInputStream in;
    private final long cap;
    private long read;
    private boolean exceeded;

    CappedInputStream(ServletInputStream in, long cap) {
        this.in = Objects.requireNonNull(in, "in");
        this.cap = cap;
    }

    @Override
    public int read() throws IOException {
        refuseIfExceeded();
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        refuseIfExceeded();
        // One byte more than the cap allows, so that a body of exactly the cap is read whole and ends cleanly.
        int n = in.read(buffer, offset, (int) Math.min(length, cap - read + 1));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int n) throws BodyTooLargeException {
        read += n;
        if (read > cap) {
            exceeded = true;
            throw new BodyTooLargeException(cap);
        }
    }

    private void refuseIfExceeded() throws BodyTooLargeException {
        if (exceeded) {
            throw new BodyTooLargeException(cap);
        }
    }

    @Override
    public int available() throws IOException {
        return exceeded ? 0 : in.available();
    }

    @Override
    public boolean isFinished() {
        return exceeded || in.isFinished();
    }

    @Override
    public boolean isReady() {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
