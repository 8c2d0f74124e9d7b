package dev.chaoskv.common;

/** Closing sockets and servers on paths that are already ending: the one place that ignores close errors. */
public final class Closeables {
    private Closeables() {
    }

    /**
     * Closes {@code c} (null is ignored). A failure is dropped: the connection is being torn
     * down either way (closed twice, reset by the peer), and the OS reclaims the descriptor.
     */
    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // see above: nothing left to release or report
        }
    }
}
