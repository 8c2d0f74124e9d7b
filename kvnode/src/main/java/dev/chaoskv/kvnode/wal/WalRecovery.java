package dev.chaoskv.kvnode.wal;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.TermRuns;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Opening a WAL directory: reads every segment, indexes its records, and decides what a damaged
 * record is. Only a torn tail may be dropped: the damage is in the last segment, no valid record
 * follows it anywhere (a crash interrupts the last write only, and a segment is synced before
 * the next one is created), and everything dropped lies above the commit hint (it was never
 * acknowledged). Any other damage refuses to start, naming the file and offset; with the
 * operator's recovery flag the log is cut there instead. Every drop is logged with its LSNs.
 * Zeros from the end of the last record to the end of the last segment are not damage: the WAL
 * writes them ahead of its records (a crash leaves them behind).
 */
final class WalRecovery {
    private final Path dir;
    private final WalRecoveryRules rules;
    private final Consumer<String> log;
    private final TermRuns terms;
    private final List<Segment> segments;
    private final RecordReader reader = new RecordReader();
    /** Why the log ended early; every later segment file is deleted. */
    private String cutReason;
    private boolean cutCorruption;
    private long recovered;

    WalRecovery(Path dir, WalRecoveryRules rules, Consumer<String> log, TermRuns terms, List<Segment> segments) {
        this.dir = dir;
        this.rules = rules;
        this.log = log;
        this.terms = terms;
        this.segments = segments;
    }

    /** Fills the segments and terms; returns true if the recovery flag cut away damaged records. */
    boolean run() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Segment::isSegmentFile).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            if (cutReason != null) {
                log.accept("[wal] deleting " + file.getFileName() + ": it follows " + cutReason);
                Files.delete(file);
                continue;
            }
            Segment seg = Segment.open(file);
            try {
                read(seg, i == files.size() - 1);
            } catch (IOException | RuntimeException e) {
                seg.close();
                throw e;
            }
            if (seg.size() == 0) {
                // Nothing left in it (a dropped tail or a cut): appends start a new segment.
                seg.close();
                Files.delete(seg.path);
            } else {
                segments.add(seg);
            }
        }
        long hint = rules.commitHint();
        if (terms.lastLsn() < hint) {
            String what = "the log ends at LSN " + terms.lastLsn() + " but LSN " + hint
                    + " is known to be committed (commit hint): records " + (terms.lastLsn() + 1) + ".." + hint + " are missing";
            if (!rules.truncateCorruption()) throw new WalCorruptException(dir, what);
            log.accept("[wal] RECOVERY FLAG: " + dir + ": " + what + "; starting anyway");
            cutCorruption = true;
        }
        if (!segments.isEmpty()) {
            log.accept("[wal] recovered " + recovered + " records from " + segments.size()
                    + " segment(s), last LSN " + terms.lastLsn() + " (term " + terms.lastTerm() + ")");
        }
        return cutCorruption;
    }

    /** Reads every record of a segment, indexing it. */
    private void read(Segment seg, boolean lastFile) throws IOException {
        if (seg.firstLsn != terms.lastLsn() + 1 && !(segments.isEmpty() && seg.firstLsn <= terms.lastLsn() + 1)) {
            damaged(seg, 0, "segment starts at LSN " + seg.firstLsn + " but the log before it ends at LSN " + terms.lastLsn(),
                    "a segment, or the snapshot the log continues, is missing");
            return;
        }
        String laterSegments = lastFile ? null : "later segments follow, and a segment is synced before the next one is created";
        FileChannel ch = seg.channel;
        long size = ch.size();
        if (size == 0) {
            damaged(seg, 0, "the segment is empty", laterSegments);
            return;
        }
        long pos = 0;
        while (pos < size) {
            RecordReader.Read r = reader.readAt(ch, pos, size);
            if (r.problem() != null) {
                if (lastFile && reader.onlyZeros(ch, pos, size)) {
                    // The zeros the WAL writes ahead of its records: unused space, not damage.
                    seg.setSize(pos);
                    return;
                }
                damaged(seg, pos, r.problem(), laterSegments);
                return;
            }
            Entry entry = r.entry();
            if (entry.lsn() > terms.base()) {
                if (entry.lsn() != terms.lastLsn() + 1) {
                    damaged(seg, pos, "record has LSN " + entry.lsn() + " but LSN " + (terms.lastLsn() + 1) + " was expected", "the record is intact but out of place");
                    return;
                }
                if (entry.term() < terms.lastTerm()) {
                    dropDivergentSuffix(seg, pos, size, entry);
                    return;
                }
                terms.append(entry.lsn(), entry.term());
                recovered++;
            }
            // A record covered by the snapshot keeps its offset too, so the segment's LSN arithmetic holds.
            seg.addRecord(pos);
            pos += r.length();
        }
        seg.setSize(size);
    }

    /**
     * Only possible after a crash between installing a snapshot and clearing the old log: what
     * follows is an old suffix that lost to the snapshot's leader, so it was never committed.
     */
    private void dropDivergentSuffix(Segment seg, long pos, long size, Entry entry) throws IOException {
        if (entry.lsn() <= rules.commitHint()) {
            damaged(seg, pos, "record LSN " + entry.lsn() + " has term " + entry.term() + ", lower than the term " + terms.lastTerm()
                    + " before it", "it is at or below the commit hint " + rules.commitHint() + ", so it cannot be a divergent suffix");
            return;
        }
        log.accept("[wal] dropping " + (size - pos) + " bytes of a divergent log suffix from LSN "
                + entry.lsn() + " (term " + entry.term() + " < " + terms.lastTerm() + ") in " + seg.path.getFileName());
        truncate(seg, pos);
        cutReason = "a dropped divergent suffix";
    }

    /**
     * Decides what the damage at {@code pos} is: a torn tail (dropped, logged), or corruption
     * (refused, or with the recovery flag cut away, logged). {@code notTail} says why it cannot be
     * a torn tail, or is null if it might be one.
     */
    private void damaged(Segment seg, long pos, String problem, String notTail) throws IOException {
        long firstLost = terms.lastLsn() + 1;
        if (notTail == null) {
            long next = reader.findValidRecord(seg.channel, pos + 1, seg.channel.size());
            if (next >= 0) notTail = "a valid record follows at offset " + next;
            else if (firstLost <= rules.commitHint()) {
                notTail = "it holds LSN " + firstLost + ", at or below the commit hint " + rules.commitHint() + ", so it was acknowledged";
            }
        }
        long bytes = seg.channel.size() - pos;
        String file = seg.path.getFileName().toString();
        if (notTail == null) {
            log.accept("[wal] dropped torn tail of " + file + ": " + bytes + " bytes from offset " + pos + " (" + problem
                    + "), LSN " + firstLost + " onward, above the commit hint " + rules.commitHint()
                    + " so never acknowledged; last good LSN is " + terms.lastLsn());
            truncate(seg, pos);
            return;
        }
        if (!rules.truncateCorruption()) throw new WalCorruptException(seg.path, pos, problem + "; not a torn tail: " + notTail);
        log.accept("[wal] RECOVERY FLAG: cutting the log at offset " + pos + " of " + file + " (" + problem + "; " + notTail
                + "): dropping " + bytes + " bytes and every later segment, LSN " + firstLost + " onward; last kept LSN is " + terms.lastLsn());
        truncate(seg, pos);
        cutReason = "the damaged record at offset " + pos + " of " + file;
        cutCorruption = true;
    }

    private static void truncate(Segment seg, long pos) throws IOException {
        seg.cutAt(pos);
        seg.channel.force(true);
    }
}
