package dev.chaoskv.bench.detection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Per mode (suite entry): runs, caught, and the first-fault-to-first-violation times. Pure. */
public final class DetectionReport {

    /**
     * One entry's figures.
     *
     * @param runs    runs that reached a verdict
     * @param harness runs whose harness failed (no verdict): left out of the fraction, and counted
     */
    public record Mode(String entry, int runs, int caught, int harness, List<Long> detectionNanos) {
        public double fractionCaught() {
            return runs == 0 ? 0 : (double) caught / runs;
        }

        /** Median of the detection times (the mean of the middle two for an even count); empty if none. */
        public OptionalLong medianNanos() {
            if (detectionNanos.isEmpty()) return OptionalLong.empty();
            List<Long> s = detectionNanos.stream().sorted().toList();
            int n = s.size();
            return OptionalLong.of(n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2);
        }
    }

    private DetectionReport() {
    }

    /** Groups runs by entry, in the order the entries first appear. */
    public static List<Mode> modes(List<RunDetection> runs) {
        Map<String, List<RunDetection>> by = new LinkedHashMap<>();
        for (RunDetection r : runs) by.computeIfAbsent(r.entry(), e -> new ArrayList<>()).add(r);
        List<Mode> out = new ArrayList<>();
        by.forEach((entry, rs) -> {
            int caught = (int) rs.stream().filter(RunDetection::caught).count();
            int harness = (int) rs.stream().filter(RunDetection::harnessFailed).count();
            List<Long> times = new ArrayList<>();
            for (RunDetection r : rs) if (r.caught()) r.detectionNanos().ifPresent(times::add);
            out.add(new Mode(entry, rs.size() - harness, caught, harness, times));
        });
        return out;
    }

    public static String render(List<Mode> modes) {
        StringBuilder b = new StringBuilder();
        int width = Math.max(4, modes.stream().mapToInt(m -> m.entry().length()).max().orElse(4));
        b.append(String.format("%-" + width + "s  %6s  %8s  %22s  %-20s  %s%n", "mode", "caught", "fraction", "median fault->violation",
                "range", "harness failures (not counted)"));
        for (Mode m : modes) {
            String median = m.medianNanos().isPresent() ? String.format("%.2f s", m.medianNanos().getAsLong() / 1e9) : "-";
            String range = m.detectionNanos().isEmpty() ? "-" : String.format("%.2f .. %.2f s",
                    m.detectionNanos().stream().mapToLong(Long::longValue).min().getAsLong() / 1e9,
                    m.detectionNanos().stream().mapToLong(Long::longValue).max().getAsLong() / 1e9);
            b.append(String.format("%-" + width + "s  %6s  %7.0f%%  %22s  %-20s  %d%n", m.entry(), m.caught() + "/" + m.runs(),
                    100 * m.fractionCaught(), median, range, m.harness()));
        }
        return b.toString();
    }
}
