package dev.chaoskv.kvnode.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Small files that must survive a crash whole or not at all: temp file, fsync, rename, fsync the directory. */
final class DurableFile {
    private DurableFile() {
    }

    static void replace(Path file, byte[] content) throws IOException {
        Path dir = file.getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        ByteBuffer all = ByteBuffer.wrap(content);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (all.hasRemaining()) ch.write(all);
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
