package dev.chaoskv.kvnode.transport;

import dev.chaoskv.raft.Message;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A connection whose bytes go through a blocking stream (a TLS link: an {@code SSLSocket}):
 * senders queue messages and the link's thread writes them, so no sender ever waits for the
 * socket.
 */
final class StreamOutput implements LinkOutput {
    static final int QUEUE_LIMIT = 20_000;

    private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private final Socket socket;
    private final OutputStream out;
    private final Consumer<String> reset;

    /** @param socket the plain socket under the stream, closed by a reset; @param reset resets the link, with the reason */
    StreamOutput(Socket socket, OutputStream out, Consumer<String> reset) {
        this.socket = socket;
        this.out = out;
        this.reset = reset;
    }

    @Override
    public boolean offer(Message m) {
        if (queue.offer(m)) return true;
        reset.accept("send queue full (" + QUEUE_LIMIT + " messages): peer is not reading");
        return false;
    }

    @Override
    public void flush() {
        // The link's thread writes as soon as a message is queued.
    }

    @Override
    public long unsentBytes() {
        return 0;
    }

    @Override
    public void drive(BooleanSupplier running) throws IOException, InterruptedException {
        while (running.getAsBoolean()) {
            Message m = queue.poll(200, TimeUnit.MILLISECONDS);
            if (m == null) {
                if (socket.isClosed()) throw new IOException("link reset");
                continue;
            }
            do {
                PeerCodec.encode(m).write(out);
            } while ((m = queue.poll()) != null);
            out.flush();
        }
    }

    @Override
    public void wake() {
        // drive() looks at the socket at least every 200 ms, and a reset's close fails its write.
    }

    @Override
    public void close() {
        // Nothing besides the socket.
    }
}
