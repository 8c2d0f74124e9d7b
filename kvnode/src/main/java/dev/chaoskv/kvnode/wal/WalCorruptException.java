package dev.chaoskv.kvnode.wal;

import java.io.IOException;
import java.nio.file.Path;

/** Damage in the WAL that is not a torn tail: the node must not start, and the operator must look. */
public final class WalCorruptException extends IOException {
    public WalCorruptException(Path file, long offset, String reason) {
        super("WAL corrupt in " + file + " at offset " + offset + ": " + reason);
    }

    public WalCorruptException(Path file, String reason) {
        super(file + ": " + reason);
    }
}
