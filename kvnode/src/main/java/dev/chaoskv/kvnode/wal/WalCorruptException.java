package dev.chaoskv.kvnode.wal;

import java.io.IOException;
import java.nio.file.Path;

/** Corruption that is not a torn tail: the node must not start, and the operator must look. */
public final class WalCorruptException extends IOException {
    public WalCorruptException(Path file, long offset, String reason) {
        super("WAL corrupt in " + file + " at offset " + offset + ": " + reason
                + " (records after this point exist, so this is not a torn tail; refusing to start)");
    }
}
