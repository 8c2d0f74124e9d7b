package dev.chaoskv.toxiproxy.toxics;

/**
 * What travels through a link's toxic chain: a chunk of bytes or the end of the stream.
 * Times are {@link System#nanoTime()} values. {@code ready} is when the item may leave the
 * stage that emitted it; toxics compute it instead of sleeping, so the event loop can release
 * everything on time with a timer, without a thread per toxic or per link.
 */
public sealed interface StreamItem permits StreamItem.Chunk, StreamItem.End {

    long ready();

    StreamItem readyAt(long nanos);

    /**
     * One socket read (or a piece of one). {@code stamp} is the read time that latency toxics
     * advance, so that several latency toxics add up as in the real server.
     */
    record Chunk(byte[] data, int offset, int length, long stamp, long ready) implements StreamItem {
        @Override
        public Chunk readyAt(long nanos) {
            return new Chunk(data, offset, length, stamp, nanos);
        }

        Chunk slice(int from, int len, long readyNanos) {
            return new Chunk(data, offset + from, len, stamp, readyNanos);
        }
    }

    /** The stream ended (EOF) or a toxic closed it: the connection closes at {@code ready}. */
    record End(long ready) implements StreamItem {
        @Override
        public End readyAt(long nanos) {
            return new End(nanos);
        }
    }
}
