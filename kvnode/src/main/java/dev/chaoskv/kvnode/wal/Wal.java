package dev.chaoskv.kvnode.wal;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryCodec;
import dev.chaoskv.raft.log.TermRuns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Segmented append-only write-ahead log. A record on disk is
 * {@code [u32 bodyLength][u32 crc32c(body)][body]} where the body is an {@link EntryCodec} entry
 * (term, LSN, type, key, value). LSNs are consecutive.
 *
 * <p>Not thread-safe: one thread (the node's event loop) appends, syncs, reads and truncates.
 * {@link #lastLsn()} and the counters may be read from any thread.
 */
public final class Wal implements AutoCloseable {
    private static final int RECORD_HEADER = RecordReader.RECORD_HEADER;

    private final Path dir;
    private final FsyncMode fsync;
    private final long segmentBytes;
    private final Consumer<String> log;
    private final List<Segment> segments = new ArrayList<>();
    private final TermRuns terms;
    private final CRC32C crc = new CRC32C();
    /** Allocated by the first append: a WAL opened only to be checked or read never needs it. */
    private ByteBuffer writeBuf;
    private volatile long lastLsn;
    private volatile long fsyncs;
    private volatile long appended;
    private boolean dirty;
    private final TailCache tail = new TailCache(1 << 16, 32L << 20);
    /** How far ahead of its records the active segment is filled with zeros (see {@link Segment#preallocate}). */
    private final long preallocateBytes;
    private ByteBuffer zeros;
    private boolean cutByRecoveryFlag;
    private LongConsumer fsyncTimer = nanos -> { };

    private Wal(Path dir, FsyncMode fsync, long segmentBytes, Consumer<String> log, long base, long baseTerm) {
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        this.log = log;
        this.terms = new TermRuns(base, baseTerm);
        this.lastLsn = base;
        this.preallocateBytes = Math.max(4096, Math.min(4L << 20, segmentBytes / 16));
    }

    /**
     * Opens (and recovers) the WAL in {@code dir}. {@code base}/{@code baseTerm} describe the
     * snapshot the log continues from (0/0 without one); records at or below it are skipped.
     * {@code rules} say what recovery may drop (see {@link WalRecovery}).
     */
    public static Wal open(Path dir, FsyncMode fsync, long segmentBytes, Consumer<String> log,
                           long base, long baseTerm, WalRecoveryRules rules) throws IOException {
        Files.createDirectories(dir);
        Wal wal = new Wal(dir, fsync, segmentBytes, log, base, baseTerm);
        wal.recover(rules);
        return wal;
    }

    public static Wal open(Path dir, FsyncMode fsync, long segmentBytes, Consumer<String> log,
                           long base, long baseTerm) throws IOException {
        return open(dir, fsync, segmentBytes, log, base, baseTerm, WalRecoveryRules.STRICT);
    }

    public static Wal open(Path dir, FsyncMode fsync, Consumer<String> log) throws IOException {
        return open(dir, fsync, 64L << 20, log, 0, 0);
    }

    // ---------------------------------------------------------------- recovery

    private void recover(WalRecoveryRules rules) throws IOException {
        try {
            cutByRecoveryFlag = new WalRecovery(dir, rules, log, terms, segments).run();
        } catch (IOException | RuntimeException e) {
            for (Segment s : segments) s.close();
            throw e;
        }
        lastLsn = terms.lastLsn();
    }

    /**
     * True if the operator's recovery flag cut records out of this log that may have been
     * acknowledged: the node must catch up with a leader before its log counts in an election.
     */
    public boolean cutByRecoveryFlag() {
        return cutByRecoveryFlag;
    }

    // ---------------------------------------------------------------- writing

    /** Appends entries (their LSNs must continue the log). Not durable until {@link #sync()}. */
    public void append(List<Entry> entries) throws IOException {
        if (entries.isEmpty()) return;
        Segment seg = activeSegment(entries.get(0).lsn());
        int bytes = 0;
        for (Entry e : entries) bytes += RECORD_HEADER + e.encodedSize();
        if (writeBuf == null || writeBuf.capacity() < bytes) {
            writeBuf = ByteBuffer.allocateDirect(Math.max(bytes, writeBuf == null ? 1 << 20 : writeBuf.capacity() * 2));
        }
        ByteBuffer buf = writeBuf;
        buf.clear();
        long pos = seg.size();
        if (pos + bytes > seg.allocated()) {
            if (zeros == null) zeros = ByteBuffer.allocateDirect((int) Math.min(preallocateBytes, 1 << 20));
            seg.preallocate(pos + bytes + preallocateBytes, zeros);
        }
        for (Entry e : entries) {
            if (e.lsn() != terms.lastLsn() + 1) throw new IllegalStateException("WAL append of LSN " + e.lsn() + " after " + terms.lastLsn());
            int start = buf.position();
            buf.position(start + RECORD_HEADER);
            EntryCodec.encode(e, buf);
            int end = buf.position();
            crc.reset();
            crc.update(buf.duplicate().position(start + RECORD_HEADER).limit(end));
            buf.putInt(start, end - start - RECORD_HEADER).putInt(start + 4, (int) crc.getValue());
            seg.addRecord(pos + start);
            terms.append(e.lsn(), e.term());
        }
        buf.flip();
        long at = pos;
        while (buf.hasRemaining()) at += seg.channel.write(buf, at);
        seg.setSize(at);
        for (Entry e : entries) tail.add(e);
        dirty = true;
        appended += entries.size();
        lastLsn = terms.lastLsn();
    }

    private Segment activeSegment(long nextLsn) throws IOException {
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || (last.size() >= segmentBytes && last.count() > 0)) {
            if (last != null) {
                if (dirty) sync();
                trimZeros(last);
            }
            Segment s = Segment.create(dir, nextLsn);
            segments.add(s);
            syncDir();
            return s;
        }
        return last;
    }

    /** Only the last segment may end in zeros: recovery takes them for unused space there, and for damage anywhere else. */
    private void trimZeros(Segment s) throws IOException {
        if (s.allocated() <= s.size()) return;
        s.cutAt(s.size());
        if (fsync == FsyncMode.ALWAYS) s.channel.force(true);
    }

    /** Told the duration in nanoseconds of every group-commit fsync (for the metrics). */
    public void onFsync(LongConsumer timer) {
        this.fsyncTimer = timer;
    }

    /** Makes everything appended so far durable (one fsync however many records: group commit). */
    public void sync() throws IOException {
        if (!dirty) return;
        if (fsync == FsyncMode.ALWAYS) {
            long start = System.nanoTime();
            segments.get(segments.size() - 1).channel.force(false);
            fsyncTimer.accept(System.nanoTime() - start);
            fsyncs++;
        }
        dirty = false;
    }

    /** Removes every record after {@code lsn} (a conflicting suffix), durably. */
    public void truncateAfter(long lsn) throws IOException {
        if (lsn >= terms.lastLsn()) return;
        sync();
        while (!segments.isEmpty()) {
            Segment s = segments.get(segments.size() - 1);
            if (s.firstLsn > lsn) {
                // Emptied entirely: an empty segment left behind would read as a torn tail at the next start.
                s.close();
                Files.deleteIfExists(s.path);
                segments.remove(segments.size() - 1);
            } else {
                s.truncateFrom(lsn + 1);
                if (fsync == FsyncMode.ALWAYS) s.channel.force(true);
                break;
            }
        }
        syncDir();
        terms.truncateAfter(lsn);
        lastLsn = terms.lastLsn();
        tail.truncateAfter(lsn);
        log.accept("[wal] truncated log after LSN " + lsn);
    }

    /**
     * Deletes whole segments whose records are all at or below {@code lsn} (covered by a
     * snapshot), keeping the segment that holds {@code lsn + 1}. Returns the new base: the last
     * LSN no longer in the log (the log then starts at base + 1).
     */
    public long deleteSegmentsUpTo(long lsn) throws IOException {
        while (segments.size() > 1 && segments.get(1).firstLsn <= lsn + 1) {
            Segment s = segments.remove(0);
            s.close();
            Files.deleteIfExists(s.path);
        }
        long newBase = segments.isEmpty() ? terms.base() : Math.max(terms.base(), segments.get(0).firstLsn - 1);
        if (newBase > terms.base()) terms.compactTo(newBase, terms.termAt(newBase));
        return terms.base();
    }

    /**
     * Drops the whole log and restarts it after {@code lsn} (a snapshot was installed that is
     * newer than anything here).
     */
    public void resetTo(long lsn, long term) throws IOException {
        for (Segment s : segments) {
            s.close();
            Files.deleteIfExists(s.path);
        }
        segments.clear();
        syncDir();
        terms.resetTo(lsn, term);
        lastLsn = lsn;
        tail.clear();
    }

    private void syncDir() throws IOException {
        if (fsync != FsyncMode.ALWAYS) return;
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the data files are still synced.
        }
    }

    // ---------------------------------------------------------------- reading

    public long lastLsn() {
        return lastLsn;
    }

    public long lastTerm() {
        return terms.lastTerm();
    }

    /** First LSN still in the log (records before it were compacted into a snapshot). */
    public long firstLsn() {
        return terms.firstLsn();
    }

    /** Term of {@code lsn}, or -1 if the log does not hold it (the base LSN's term is known). */
    public long termAt(long lsn) {
        return terms.termAt(lsn);
    }

    public TermRuns terms() {
        return terms;
    }

    /**
     * Entries {@code from..to} (inclusive), stopping early once {@code maxBytes} is passed (at
     * least one entry is returned when the range is not empty).
     */
    public List<Entry> read(long from, long to, long maxBytes) throws IOException {
        to = Math.min(to, terms.lastLsn());
        if (from < terms.firstLsn()) throw new IllegalArgumentException("LSN " + from + " was compacted (log starts at " + terms.firstLsn() + ")");
        List<Entry> out = new ArrayList<>();
        if (tail.covers(from)) {
            long bytes = 0;
            for (long lsn = from; lsn <= to && (out.isEmpty() || bytes < maxBytes); lsn++) {
                Entry e = tail.get(lsn);
                if (e == null) break;
                out.add(e);
                bytes += e.encodedSize();
            }
            return out;
        }
        long bytes = 0;
        long lsn = from;
        while (lsn <= to && (out.isEmpty() || bytes < maxBytes)) {
            Segment seg = segmentOf(lsn);
            long segTo = Math.min(to, seg.lastLsn());
            long start = seg.offsetOf(lsn);
            long end = start;
            long last = lsn;
            // Extend the read while within budget, then read the byte range in one call.
            while (last <= segTo) {
                long recEnd = seg.endOf(last);
                if (last > lsn && bytes + (recEnd - start) > maxBytes) break;
                end = recEnd;
                last++;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) (end - start));
            RecordReader.readFully(seg.channel, buf, start);
            buf.flip();
            while (buf.hasRemaining()) {
                int len = buf.getInt();
                int expected = buf.getInt();
                ByteBuffer body = buf.slice(buf.position(), len);
                crc.reset();
                crc.update(body.duplicate());
                if ((int) crc.getValue() != expected) {
                    throw new WalCorruptException(seg.path, start + buf.position() - RECORD_HEADER, "CRC32C mismatch on read");
                }
                out.add(EntryCodec.decode(body));
                buf.position(buf.position() + len);
            }
            bytes += end - start;
            lsn = last;
        }
        return out;
    }

    private Segment segmentOf(long lsn) {
        int lo = 0, hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segments.get(mid).firstLsn <= lsn) lo = mid; else hi = mid - 1;
        }
        return segments.get(lo);
    }

    public long fsyncCount() {
        return fsyncs;
    }

    public long appendedCount() {
        return appended;
    }

    public int segmentCount() {
        return segments.size();
    }

    @Override
    public void close() throws IOException {
        sync();
        if (!segments.isEmpty()) trimZeros(segments.get(segments.size() - 1));
        for (Segment s : segments) s.close();
        segments.clear();
    }
}
