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
import java.util.stream.Stream;
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
    static final int RECORD_HEADER = 8;
    /** Larger than any legal record (1 KiB key, 2 x 1 MiB CAS value); a bigger length is corruption. */
    static final int MAX_RECORD_BODY = 64 << 20;

    private final Path dir;
    private final FsyncMode fsync;
    private final long segmentBytes;
    private final Consumer<String> log;
    private final List<Segment> segments = new ArrayList<>();
    private final TermRuns terms;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer writeBuf = ByteBuffer.allocateDirect(1 << 20);
    private volatile long lastLsn;
    private volatile long fsyncs;
    private volatile long appended;
    private boolean dirty;
    private final TailCache tail = new TailCache(1 << 16, 32L << 20);
    private boolean droppedDivergentSuffix;

    private Wal(Path dir, FsyncMode fsync, long segmentBytes, Consumer<String> log, long base, long baseTerm) {
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        this.log = log;
        this.terms = new TermRuns(base, baseTerm);
        this.lastLsn = base;
    }

    /**
     * Opens (and recovers) the WAL in {@code dir}. {@code base}/{@code baseTerm} describe the
     * snapshot the log continues from (0/0 without one); records at or below it are skipped.
     */
    public static Wal open(Path dir, FsyncMode fsync, long segmentBytes, Consumer<String> log,
                           long base, long baseTerm) throws IOException {
        Files.createDirectories(dir);
        Wal wal = new Wal(dir, fsync, segmentBytes, log, base, baseTerm);
        wal.recover();
        return wal;
    }

    public static Wal open(Path dir, FsyncMode fsync, Consumer<String> log) throws IOException {
        return open(dir, fsync, 64L << 20, log, 0, 0);
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Segment::isSegmentFile).sorted().toList();
        }
        long recovered = 0;
        for (int i = 0; i < files.size(); i++) {
            if (droppedDivergentSuffix) {
                log.accept("[wal] deleting " + files.get(i).getFileName() + ": it continues a dropped divergent suffix");
                Files.delete(files.get(i));
                continue;
            }
            Segment seg = Segment.open(files.get(i));
            boolean lastFile = i == files.size() - 1;
            if (seg.firstLsn != terms.lastLsn() + 1 && !(segments.isEmpty() && seg.firstLsn <= terms.lastLsn() + 1)) {
                seg.close();
                throw new WalCorruptException(seg.path, 0, "segment starts at LSN " + seg.firstLsn
                        + " but the previous record was LSN " + terms.lastLsn() + " (a segment is missing)");
            }
            recovered += scan(seg, lastFile);
            segments.add(seg);
        }
        lastLsn = terms.lastLsn();
        if (!segments.isEmpty()) {
            log.accept("[wal] recovered " + recovered + " records from " + segments.size()
                    + " segment(s), last LSN " + lastLsn + " (term " + terms.lastTerm() + ")");
        }
    }

    /** Reads every record of a segment, indexing it; returns the number of records kept. */
    private long scan(Segment seg, boolean lastFile) throws IOException {
        FileChannel ch = seg.channel;
        long size = ch.size();
        long pos = 0;
        long kept = 0;
        ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
        while (pos < size) {
            String problem = null;
            long bodyLen = -1;
            Entry entry = null;
            if (size - pos < RECORD_HEADER) {
                problem = "partial record header (" + (size - pos) + " bytes)";
            } else {
                header.clear();
                readFully(ch, header, pos);
                header.flip();
                bodyLen = Integer.toUnsignedLong(header.getInt());
                int expectedCrc = header.getInt();
                if (bodyLen < EntryCodec.HEADER_BYTES || bodyLen > MAX_RECORD_BODY) {
                    problem = "impossible record length " + bodyLen;
                } else if (pos + RECORD_HEADER + bodyLen > size) {
                    problem = "record of " + bodyLen + " bytes runs past the end of the file";
                } else {
                    ByteBuffer body = ByteBuffer.allocate((int) bodyLen);
                    readFully(ch, body, pos + RECORD_HEADER);
                    body.flip();
                    crc.reset();
                    crc.update(body.duplicate());
                    if ((int) crc.getValue() != expectedCrc) {
                        problem = "CRC32C mismatch";
                    } else {
                        try {
                            entry = EntryCodec.decode(body);
                        } catch (IllegalArgumentException e) {
                            problem = "undecodable record: " + e.getMessage();
                        }
                        if (entry != null && entry.lsn() != terms.lastLsn() + 1 && entry.lsn() > terms.base()) {
                            throw new WalCorruptException(seg.path, pos, "record has LSN " + entry.lsn()
                                    + " but LSN " + (terms.lastLsn() + 1) + " was expected");
                        }
                        if (entry != null && entry.lsn() > terms.base() && entry.term() < terms.lastTerm()) {
                            // Only possible after a crash between installing a snapshot and
                            // clearing the old log: what follows is an old, divergent suffix.
                            log.accept("[wal] dropping " + (size - pos) + " bytes of a divergent log suffix from LSN "
                                    + entry.lsn() + " (term " + entry.term() + " < " + terms.lastTerm() + ") in " + seg.path.getFileName());
                            ch.truncate(pos);
                            ch.force(true);
                            seg.setSize(pos);
                            droppedDivergentSuffix = true;
                            return kept;
                        }
                    }
                }
            }
            if (problem != null) {
                if (!lastFile || validRecordAt(ch, pos + RECORD_HEADER + Math.max(bodyLen, 0), size)) {
                    throw new WalCorruptException(seg.path, pos, problem);
                }
                log.accept("[wal] dropped torn tail of " + seg.path.getFileName() + ": " + (size - pos)
                        + " bytes from offset " + pos + " (" + problem + "); last good LSN is " + terms.lastLsn());
                ch.truncate(pos);
                ch.force(true);
                size = pos;
                break;
            }
            if (entry.lsn() > terms.base()) {
                seg.addRecord(pos);
                terms.append(entry.lsn(), entry.term());
                kept++;
            } else {
                // Covered by the snapshot; keep its offset so the segment's LSN arithmetic holds.
                seg.addRecord(pos);
            }
            pos += RECORD_HEADER + bodyLen;
        }
        seg.setSize(size);
        return kept;
    }

    /** True if a whole record with a correct checksum starts at {@code pos}: then what precedes it is not a tail. */
    private boolean validRecordAt(FileChannel ch, long pos, long size) throws IOException {
        if (pos <= 0 || size - pos < RECORD_HEADER) return false;
        ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
        readFully(ch, header, pos);
        header.flip();
        long len = Integer.toUnsignedLong(header.getInt());
        int expected = header.getInt();
        if (len < EntryCodec.HEADER_BYTES || len > MAX_RECORD_BODY || pos + RECORD_HEADER + len > size) return false;
        ByteBuffer body = ByteBuffer.allocate((int) len);
        readFully(ch, body, pos + RECORD_HEADER);
        body.flip();
        CRC32C c = new CRC32C();
        c.update(body);
        return (int) c.getValue() == expected;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("unexpected end of file at " + pos);
            pos += n;
        }
    }

    // ---------------------------------------------------------------- writing

    /** Appends entries (their LSNs must continue the log). Not durable until {@link #sync()}. */
    public void append(List<Entry> entries) throws IOException {
        if (entries.isEmpty()) return;
        Segment seg = activeSegment(entries.get(0).lsn());
        int bytes = 0;
        for (Entry e : entries) bytes += RECORD_HEADER + e.encodedSize();
        if (writeBuf.capacity() < bytes) writeBuf = ByteBuffer.allocateDirect(Math.max(bytes, writeBuf.capacity() * 2));
        ByteBuffer buf = writeBuf;
        buf.clear();
        long pos = seg.size();
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
            if (last != null && dirty) sync();
            Segment s = Segment.create(dir, nextLsn);
            segments.add(s);
            syncDir();
            return s;
        }
        return last;
    }

    /** Makes everything appended so far durable (one fsync however many records: group commit). */
    public void sync() throws IOException {
        if (!dirty) return;
        if (fsync == FsyncMode.ALWAYS) {
            segments.get(segments.size() - 1).channel.force(false);
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
            if (s.firstLsn > lsn + 1 || (s.firstLsn == lsn + 1 && segments.size() > 1)) {
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
            readFully(seg.channel, buf, start);
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
        for (Segment s : segments) s.close();
        segments.clear();
    }
}
