package dev.chaoskv.checker.durability;

import dev.chaoskv.checker.verdict.Finding;
import dev.chaoskv.checker.verdict.Validity;

import java.util.List;

/**
 * @param validity        valid, invalid, skipped (a bare history: no final state to compare with) or
 *                        unknown (a run's final state is missing or holds no data to compare with)
 * @param reason          why it was skipped, or where the final state came from
 * @param keysChecked     keys with at least one write/cas/delete/add
 * @param acknowledged    ok write/cas/delete/add operations considered
 * @param findings        lost writes, writes answered fail that appear anyway, values never written
 */
public record DurabilityResult(Validity validity, String reason, int keysChecked, long acknowledged,
                               List<Finding> findings) {
    public static final String LOST_WRITE = "lost-write";
    public static final String FAILED_WRITE_VISIBLE = "failed-write-visible";
    public static final String NEVER_WRITTEN = "never-written";

    public static DurabilityResult skipped(String reason) {
        return new DurabilityResult(Validity.SKIPPED, reason, 0, 0, List.of());
    }

    /** The check should have run but could not: the verdict cannot be "valid". */
    public static DurabilityResult couldNotRun(String reason) {
        return new DurabilityResult(Validity.UNKNOWN, reason, 0, 0, List.of());
    }

    public long count(String kind) {
        return findings.stream().filter(f -> f.kind().equals(kind)).count();
    }
}
