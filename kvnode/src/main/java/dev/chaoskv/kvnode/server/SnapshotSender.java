package dev.chaoskv.kvnode.server;

import dev.chaoskv.raft.Message;
import dev.chaoskv.kvnode.transport.PeerLink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Streams one snapshot file to one follower in 1 MiB chunks, at most {@link #WINDOW} chunks
 * ahead of the follower's acknowledgements. It runs on its own thread and shares only that
 * follower's link, so heartbeats to every other follower are never delayed by it.
 */
final class SnapshotSender implements Runnable {
    static final int CHUNK = 1 << 20, WINDOW = 4;
    private static final long ACK_TIMEOUT_MS = 15_000;

    private final String self;
    private final String peer;
    private final long term;
    private final long lsn;
    private final long snapTerm;
    private final Path file;
    private final PeerLink link;
    private final Consumer<String> log;
    private final Consumer<Boolean> onFinish;
    private final LinkedBlockingQueue<Message.SnapshotAck> acks = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;

    SnapshotSender(String self, String peer, long term, long lsn, long snapTerm, Path file, PeerLink link,
                   Consumer<String> log, Consumer<Boolean> onFinish) {
        this.self = self;
        this.peer = peer;
        this.term = term;
        this.lsn = lsn;
        this.snapTerm = snapTerm;
        this.file = file;
        this.link = link;
        this.log = log;
        this.onFinish = onFinish;
    }

    void ack(Message.SnapshotAck a) {
        if (a.lsn() == lsn) acks.add(a);
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        boolean ok = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            log.accept("[leader] sending snapshot at LSN " + lsn + " (" + size + " bytes) to " + peer);
            CRC32C crc = new CRC32C();
            long sent = 0, acked = 0;
            do {
                while (sent < size && sent - acked < (long) WINDOW * CHUNK) {
                    int n = (int) Math.min(CHUNK, size - sent);
                    ByteBuffer buf = ByteBuffer.allocate(n);
                    while (buf.hasRemaining()) {
                        if (ch.read(buf, sent + buf.position()) < 0) throw new IOException("snapshot file shrank");
                    }
                    byte[] data = buf.array();
                    crc.update(data);
                    boolean done = sent + n == size;
                    if (!link.send(new Message.SnapshotChunk(self, term, lsn, snapTerm, sent, data, done, done ? (int) crc.getValue() : 0, size))) {
                        throw new IOException("link to " + peer + " is down");
                    }
                    sent += n;
                }
                Message.SnapshotAck a = acks.poll(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (cancelled) throw new IOException("cancelled");
                if (a == null) throw new IOException("no acknowledgement for " + ACK_TIMEOUT_MS + " ms");
                if (a.nextOffset() < 0) throw new IOException("follower rejected the transfer");
                acked = Math.max(acked, a.nextOffset());
            } while (acked < size);
            ok = true;
            log.accept("[leader] snapshot at LSN " + lsn + " delivered to " + peer + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (IOException e) {
            log.accept("[leader] snapshot transfer to " + peer + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            onFinish.accept(ok);
        }
    }
}
