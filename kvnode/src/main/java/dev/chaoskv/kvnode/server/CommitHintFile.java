package dev.chaoskv.kvnode.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A lazily written lower bound of the commit LSN, so a restarted node can rebuild its state from
 * the WAL at once instead of waiting for a leader. Committed entries are never truncated, so a
 * stale value is harmless; it is not fsynced and a damaged file reads as 0.
 */
final class CommitHintFile {
    private final Path file;
    private final Path tmp;
    private long written;

    CommitHintFile(Path dir) {
        this.file = dir.resolve("commit-hint");
        this.tmp = dir.resolve("commit-hint.tmp");
    }

    long load() {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
            long v = b.getLong();
            long check = b.getLong();
            return check == ~v ? v : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    void maybeSave(long commit) throws IOException {
        if (commit <= written) return;
        Files.write(tmp, ByteBuffer.allocate(16).putLong(commit).putLong(~commit).array());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        written = commit;
    }
}
