package dev.chaoskv.kvnode.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * A lazily written lower bound of the commit LSN, so a restarted node can rebuild its state from
 * the WAL at once instead of waiting for a leader, and so recovery knows that the WAL must reach
 * at least this far (records up to it were acknowledged). Committed entries are never truncated,
 * so a stale value is harmless; it is not fsynced, which keeps it off the write path.
 */
final class CommitHintFile {
    private final Path file;
    private final Path tmp;
    private long written;

    CommitHintFile(Path dir) {
        this.file = dir.resolve("commit-hint");
        this.tmp = dir.resolve("commit-hint.tmp");
    }

    /**
     * The hint, or 0 if there is none. A damaged file (it is not fsynced, so a power loss can
     * leave one) is logged and read as 0: recovery then has no floor to check the WAL against,
     * which is weaker but never wrong. A file that cannot be read at all is an error.
     */
    long load(Consumer<String> log) throws IOException {
        if (!Files.exists(file)) return 0;
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() == 16) {
            long v = b.getLong();
            if (b.getLong() == ~v && v >= 0) return v;
        }
        log.accept("[wal] ignoring damaged " + file + " (" + b.capacity() + " bytes): recovering without a commit hint");
        return 0;
    }

    void maybeSave(long commit) throws IOException {
        if (commit <= written) return;
        Files.write(tmp, ByteBuffer.allocate(16).putLong(commit).putLong(~commit).array());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        written = commit;
    }
}
