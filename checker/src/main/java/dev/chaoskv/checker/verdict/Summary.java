package dev.chaoskv.checker.verdict;

import dev.chaoskv.checker.convergence.ConvergenceResult;
import dev.chaoskv.checker.convergence.TimeToConverge;
import dev.chaoskv.checker.durability.DurabilityResult;
import dev.chaoskv.checker.linear.Counterexample;
import dev.chaoskv.checker.linear.LinearizabilityResult;

import java.util.Locale;

/** The short human summary `checker check` prints. */
public final class Summary {
    private static final int SHOWN = 5;

    private Summary() {
    }

    public static String render(Verdict v) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s: %s (%d operations, %.2f s)%n", v.source(), word(v.valid()),
                v.operations(), v.elapsedNanos() / 1e9));
        for (String w : v.warnings()) {
            s.append("  warning: ").append(w).append('\n');
        }
        DurabilityResult d = v.durability();
        s.append(String.format(Locale.ROOT, "  durability:       %-8s %s%n", word(d.validity()),
                d.validity() == Validity.SKIPPED || d.validity() == Validity.UNKNOWN ? d.reason() : d.acknowledged() + " acknowledged writes on "
                        + d.keysChecked() + " key(s); " + d.count(DurabilityResult.LOST_WRITE) + " lost, "
                        + d.count(DurabilityResult.FAILED_WRITE_VISIBLE) + " failed-but-visible, "
                        + d.count(DurabilityResult.NEVER_WRITTEN) + " never written"));
        d.findings().stream().limit(SHOWN).forEach(f -> s.append("    - ").append(f.sentence()).append('\n'));
        ConvergenceResult c = v.convergence();
        String ttc = c.timeToConvergeNanos() == null ? "time-to-converge: " + c.lagNote()
                : "converged " + TimeToConverge.describe(c.timeToConvergeNanos()) + " after the last heal";
        s.append(String.format(Locale.ROOT, "  convergence:      %-8s %s; %s%n", word(c.validity()), c.reason(), ttc));
        c.mismatches().stream().limit(SHOWN).forEach(m -> s.append("    - ").append(m.sentence()).append('\n'));
        LinearizabilityResult l = v.linearizability();
        s.append(String.format(Locale.ROOT, "  linearizability:  %-8s %d key(s): %d linearizable, %d violated, %d unknown%s%n",
                word(l.validity()), l.keys(), l.keysLinearizable(), l.violations().size(), l.unknownKeys().size(),
                l.keysNotChecked() > 0 ? ", " + l.keysNotChecked() + " not checked after the first violation" : ""));
        for (Counterexample cex : l.violations().subList(0, Math.min(SHOWN, l.violations().size()))) {
            s.append("    - ").append(cex.sentence()).append('\n');
        }
        l.unknownKeys().stream().limit(SHOWN).forEach(u -> s.append("    - ").append(u.key()).append(" (")
                .append(u.operations()).append(" ops): ").append(u.reason()).append('\n'));
        return s.toString();
    }

    private static String word(Validity v) {
        return switch (v) {
            case VALID -> "VALID";
            case INVALID -> "INVALID";
            case UNKNOWN -> "UNKNOWN";
            case SKIPPED -> "skipped";
        };
    }

}
