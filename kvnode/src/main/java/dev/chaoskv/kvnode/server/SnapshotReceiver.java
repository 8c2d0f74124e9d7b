package dev.chaoskv.kvnode.server;

import dev.chaoskv.raft.Message;
import dev.chaoskv.kvnode.state.Snapshot;
import dev.chaoskv.kvnode.state.SnapshotFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Assembles a snapshot streamed by the leader into a temp file, checks its length and CRC32C,
 * parses it, and hands it to the node for installation. Runs on the receiving thread of
 * {@link SnapshotTransfers}.
 */
final class SnapshotReceiver {
    /** A verified snapshot ready to install. */
    record Received(String from, long term, Snapshot snapshot, Path file) {
    }

    private final Path dir;
    private final Consumer<String> log;
    private final Consumer<Received> install;
    private FileChannel out;
    private Path part;
    private long lsn = -1;
    private long expected;
    private final CRC32C crc = new CRC32C();

    SnapshotReceiver(Path dir, Consumer<String> log, Consumer<Received> install) {
        this.dir = dir;
        this.log = log;
        this.install = install;
    }

    /** Takes one chunk; returns the offset it wants next, or -1 if the transfer must start over. */
    synchronized long onChunk(Message.SnapshotChunk c) {
        try {
            if (c.offset() == 0) {
                abort();
                Files.createDirectories(dir);
                part = dir.resolve("incoming-" + c.lsn() + ".part");
                out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                lsn = c.lsn();
                expected = 0;
                crc.reset();
                log.accept("[catch-up] receiving snapshot at LSN " + c.lsn() + " (" + c.totalBytes() + " bytes) from " + c.from());
            } else if (c.lsn() != lsn || c.offset() != expected || out == null) {
                log.accept("[catch-up] snapshot chunk out of order (LSN " + c.lsn() + " offset " + c.offset() + ", expected LSN " + lsn + " offset " + expected + ")");
                abort();
                return -1;
            }
            ByteBuffer b = ByteBuffer.wrap(c.data());
            while (b.hasRemaining()) out.write(b);
            crc.update(c.data());
            expected += c.data().length;
            if (!c.done()) return expected;
            out.close();
            out = null;
            if (expected != c.totalBytes() || (int) crc.getValue() != c.crc32c()) {
                log.accept("[catch-up] snapshot at LSN " + lsn + " failed verification (" + expected + " of " + c.totalBytes() + " bytes, checksum "
                        + ((int) crc.getValue() == c.crc32c() ? "ok" : "mismatch") + "); discarding it");
                abort();
                return -1;
            }
            Snapshot s = SnapshotFile.read(part);
            install.accept(new Received(c.from(), c.term(), s, part));
            part = null;
            lsn = -1;
            return expected;
        } catch (IOException e) {
            log.accept("[catch-up] snapshot receive failed: " + e.getMessage());
            abort();
            return -1;
        }
    }

    private void abort() {
        try {
            if (out != null) out.close();
            if (part != null) Files.deleteIfExists(part);
        } catch (IOException ignored) {
            // best effort cleanup of a half-received file
        }
        out = null;
        part = null;
        lsn = -1;
    }
}
