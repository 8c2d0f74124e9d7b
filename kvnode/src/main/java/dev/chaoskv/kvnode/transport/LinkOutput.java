package dev.chaoskv.kvnode.transport;

import dev.chaoskv.raft.Message;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/** The sending half of one connection of a {@link PeerLink}, from its handshake until it breaks. */
sealed interface LinkOutput extends AutoCloseable permits ChannelOutput, StreamOutput {
    /**
     * Takes {@code m} for sending, from any thread; false if it was dropped because this
     * connection is closing or the peer is not reading (then the link is reset).
     */
    boolean offer(Message m);

    /** Gets what was offered on its way, as far as that goes without blocking the caller. */
    void flush();

    /** Bytes encoded and not yet taken by the socket (messages queued but not yet encoded count none). */
    long unsentBytes();

    /** Runs on the link's thread until the connection fails (throws) or {@code running} turns false. */
    void drive(BooleanSupplier running) throws IOException, InterruptedException;

    /** Makes {@link #drive} look again soon (the link was reset or is closing). */
    void wake();

    /** Releases what the output holds besides the socket, which the link closes. */
    @Override
    void close();
}
