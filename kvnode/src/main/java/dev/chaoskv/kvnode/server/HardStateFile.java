package dev.chaoskv.kvnode.server;

import dev.chaoskv.raft.Ready.HardState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The term and vote, written atomically (temp file, fsync, rename, fsync directory) before any
 * message that depends on them leaves the node. A vote that is forgotten in a crash could let
 * one node vote twice in a term, which is how split brain starts.
 */
final class HardStateFile {
    private final Path file;

    HardStateFile(Path dir) {
        this.file = dir.resolve("raft-state");
    }

    Path path() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** The persisted term and vote; term 0 and no vote if the file does not exist. */
    HardState load() throws IOException {
        if (!exists()) return new HardState(0, null);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 4 + 12) throw new StartRefusedException(file, "truncated (" + b.remaining() + " bytes)");
        int crc = b.getInt();
        ByteBuffer body = b.slice();
        CRC32C c = new CRC32C();
        c.update(body.duplicate());
        if ((int) c.getValue() != crc) throw new StartRefusedException(file, "checksum mismatch");
        long term = body.getLong();
        int len = body.getInt();
        if (len < 0 || len != body.remaining()) throw new StartRefusedException(file, "vote length " + len + " does not match the file");
        byte[] vote = new byte[len];
        body.get(vote);
        return new HardState(term, len == 0 ? null : new String(vote, StandardCharsets.UTF_8));
    }

    void save(HardState hs) throws IOException {
        byte[] vote = hs.votedFor() == null ? new byte[0] : hs.votedFor().getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(12 + vote.length).putLong(hs.term()).putInt(vote.length).put(vote);
        body.flip();
        CRC32C c = new CRC32C();
        c.update(body.duplicate());
        ByteBuffer all = ByteBuffer.allocate(4 + body.remaining()).putInt((int) c.getValue()).put(body);
        DurableFile.replace(file, all.array());
    }
}
