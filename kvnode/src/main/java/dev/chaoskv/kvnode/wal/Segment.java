package dev.chaoskv.kvnode.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One WAL file, named after the first LSN it holds. Keeps the byte offset of every record it
 * holds in memory, so finding the records after an LSN is a binary search over segments plus an
 * array lookup, never a scan.
 */
final class Segment implements AutoCloseable {
    static final String PREFIX = "wal-";
    static final String SUFFIX = ".log";

    final Path path;
    final long firstLsn;
    final FileChannel channel;
    private long[] offsets = new long[1024];
    private int count;
    /** Where the records end. */
    private long size;
    /** Where the file ends: past {@link #size} it holds only zeros written ahead of the records. */
    private long allocated;

    private Segment(Path path, long firstLsn, FileChannel channel, long size) {
        this.path = path;
        this.firstLsn = firstLsn;
        this.channel = channel;
        this.size = size;
        this.allocated = size;
    }

    static Path pathFor(Path dir, long firstLsn) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, firstLsn, SUFFIX));
    }

    static long firstLsnOf(Path file) {
        String n = file.getFileName().toString();
        return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
    }

    static boolean isSegmentFile(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(PREFIX) && n.endsWith(SUFFIX) && n.length() == PREFIX.length() + 20 + SUFFIX.length();
    }

    static Segment open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(path, firstLsnOf(path), ch, ch.size());
    }

    static Segment create(Path dir, long firstLsn) throws IOException {
        Path p = pathFor(dir, firstLsn);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE_NEW);
        return new Segment(p, firstLsn, ch, 0);
    }

    int count() {
        return count;
    }

    long lastLsn() {
        return firstLsn + count - 1;
    }

    long size() {
        return size;
    }

    void setSize(long size) {
        this.size = size;
    }

    long allocated() {
        return allocated;
    }

    /**
     * Writes zeros from the end of the file up to {@code end} (the records are then written over
     * them). An fdatasync of a file whose length and blocks stay the same writes only the data;
     * one that grew the file also writes its metadata, which made every group commit on ext4
     * about a third slower (docs/BENCHMARKS.md).
     */
    void preallocate(long end, ByteBuffer zeros) throws IOException {
        long at = allocated;
        while (at < end) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - at));
            while (zeros.hasRemaining()) at += channel.write(zeros, at);
        }
        allocated = Math.max(allocated, end);
    }

    /** Cuts the file at {@code pos}: the records from there on and any zeros written ahead go. */
    void cutAt(long pos) throws IOException {
        channel.truncate(pos);
        size = Math.min(size, pos);
        allocated = pos;
    }
    long offsetOf(long lsn) {
        return offsets[(int) (lsn - firstLsn)];
    }

    /** Byte offset where the record after {@code lsn} starts (the end of {@code lsn}'s record). */
    long endOf(long lsn) {
        long next = lsn + 1 - firstLsn;
        return next < count ? offsets[(int) next] : size;
    }

    void addRecord(long offset) {
        if (count == offsets.length) offsets = Arrays.copyOf(offsets, count * 2);
        offsets[count++] = offset;
    }

    /** Drops every record from {@code lsn} on, in memory and on disk. */
    void truncateFrom(long lsn) throws IOException {
        int keep = (int) (lsn - firstLsn);
        if (keep >= count) return;
        long cut = offsets[keep];
        cutAt(cut);
        count = keep;
        size = cut;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
