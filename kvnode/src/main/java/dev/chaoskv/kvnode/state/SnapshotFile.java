package dev.chaoskv.kvnode.state;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Snapshot files {@code snap-<lsn, 20 digits>.bin}:
 * {@code ["KVSNAP01"][u64 lsn][u64 term][u64 count]} then count x {@code [u32 keyLen][key][u32 valueLen][value]},
 * then {@code [u32 CRC32C of everything before]}. Written to a temp file, fsynced, then renamed,
 * so a crash leaves either the old or the new snapshot, never half of one.
 */
public final class SnapshotFile {
    private static final byte[] MAGIC = "KVSNAP01".getBytes(StandardCharsets.US_ASCII);
    private static final String PREFIX = "snap-", SUFFIX = ".bin";

    private SnapshotFile() {
    }

    public static Path pathFor(Path dir, long lsn) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, lsn, SUFFIX));
    }

    /** Writes a snapshot durably and removes older ones; returns its path. */
    public static Path write(Path dir, long lsn, long term, Map<String, byte[]> data) throws IOException {
        return write(dir, lsn, term, KvState.Image.of(data));
    }

    /** Writes a snapshot of {@code image} durably and removes older ones; returns its path. */
    public static Path write(Path dir, long lsn, long term, KvState.Image image) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(PREFIX + lsn + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ChecksummedWriter out = new ChecksummedWriter(ch);
            out.bytes(MAGIC);
            out.u64(lsn);
            out.u64(term);
            out.u64(image.size());
            String[] keys = image.keys();
            byte[][] values = image.values();
            for (int i = 0; i < keys.length; i++) {
                byte[] k = keys[i].getBytes(StandardCharsets.UTF_8);
                out.u32(k.length);
                out.bytes(k);
                out.u32(values[i].length);
                out.bytes(values[i]);
            }
            out.finish();
            ch.force(true);
        }
        Path target = pathFor(dir, lsn);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDir(dir);
        deleteOlderThan(dir, lsn);
        return target;
    }

    /**
     * Big-endian fields through one 1 MiB buffer, the CRC32C taken over each full buffer at once
     * (a snapshot is written every so many records while the node serves, so its cost per key
     * is what counts: a stream per field spent most of it in call overhead).
     */
    private static final class ChecksummedWriter {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        private final CRC32C crc = new CRC32C();

        ChecksummedWriter(FileChannel ch) {
            this.ch = ch;
        }

        void u32(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void u64(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void bytes(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                if (!buf.hasRemaining()) drain();
                int n = Math.min(buf.remaining(), b.length - off);
                buf.put(b, off, n);
                off += n;
            }
        }

        /** Everything written so far, then the checksum of it. */
        void finish() throws IOException {
            drain();
            buf.putInt((int) crc.getValue()).flip();
            while (buf.hasRemaining()) ch.write(buf);
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) drain();
        }

        private void drain() throws IOException {
            buf.flip();
            crc.update(buf.array(), 0, buf.limit());
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }
    }

    /** Moves a received, verified snapshot file into place as the newest snapshot. */
    public static Path adopt(Path dir, Path received, long lsn) throws IOException {
        Files.createDirectories(dir);
        try (FileChannel ch = FileChannel.open(received, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = pathFor(dir, lsn);
        Files.move(received, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDir(dir);
        deleteOlderThan(dir, lsn);
        return target;
    }

    /** Only the (lsn, term) a snapshot file covers, without loading its content; data is empty. */
    public static Snapshot readHeader(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new IOException(file + ": not a snapshot file (bad magic)");
            return new Snapshot(in.readLong(), in.readLong(), Map.of());
        }
    }

    /** Reads and verifies a snapshot file; an error's message starts with the file. */
    public static Snapshot read(Path file) throws IOException {
        try {
            return readVerified(file);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated", e);
        }
    }

    private static Snapshot readVerified(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        long size = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             CheckedInputStream checked = new CheckedInputStream(raw, crc);
             DataInputStream in = new DataInputStream(checked)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new IOException(file + ": not a snapshot file (bad magic)");
            long lsn = in.readLong(), term = in.readLong(), count = in.readLong();
            if (count < 0 || count > size) throw new IOException(file + ": impossible entry count " + count);
            Map<String, byte[]> data = new HashMap<>((int) Math.min(count * 4 / 3 + 1, 1 << 26));
            for (long i = 0; i < count; i++) {
                data.put(new String(readBytes(in, size, file), StandardCharsets.UTF_8), readBytes(in, size, file));
            }
            int expected = (int) crc.getValue();
            byte[] tail = raw.readNBytes(4);
            if (tail.length != 4) throw new EOFException(file + ": missing checksum");
            int actual = ((tail[0] & 0xff) << 24) | ((tail[1] & 0xff) << 16) | ((tail[2] & 0xff) << 8) | (tail[3] & 0xff);
            if (actual != expected) throw new IOException(file + ": CRC32C mismatch");
            if (raw.read() != -1) throw new IOException(file + ": trailing bytes after the checksum");
            return new Snapshot(lsn, term, data);
        }
    }

    private static byte[] readBytes(DataInputStream in, long fileSize, Path file) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > fileSize) throw new IOException(file + ": impossible length " + len);
        return in.readNBytes(len);
    }

    /** Newest first. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString())).toList();
        }
    }

    private static void deleteOlderThan(Path dir, long lsn) throws IOException {
        for (Path p : list(dir)) {
            String n = p.getFileName().toString();
            long l = Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
            if (l < lsn) Files.deleteIfExists(p);
        }
    }

    private static void syncDir(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // not supported everywhere; the file itself is synced
        }
    }
}
