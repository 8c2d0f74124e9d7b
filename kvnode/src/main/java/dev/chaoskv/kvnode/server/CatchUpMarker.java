package dev.chaoskv.kvnode.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code <data-dir>/catch-up-required}: the recovery flag cut records out of this node's log that
 * it may have acknowledged, so it must not vote until it has caught up with a leader. The file
 * keeps that true across restarts (a restarted node cannot tell otherwise) and is removed once
 * the node has caught up.
 */
final class CatchUpMarker {
    static final String FILE_NAME = "catch-up-required";

    private final Path file;
    private boolean required;

    CatchUpMarker(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
        this.required = Files.exists(file);
    }

    boolean required() {
        return required;
    }

    /** Records, durably, that the log lost records; {@code why} is kept in the file for the operator. */
    void set(String why) throws IOException {
        Files.writeString(file, why + "\n", StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            d.force(true);
        }
        required = true;
    }

    void clear() throws IOException {
        Files.deleteIfExists(file);
        required = false;
    }
}
