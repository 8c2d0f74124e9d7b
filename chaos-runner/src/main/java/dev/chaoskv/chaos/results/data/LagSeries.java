package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.state.LagSample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * From lag.jsonl samples: each follower's lag behind the leader over time (the leader's commit
 * LSN minus the follower's applied LSN, in records, against the latest leader sample taken no more
 * than {@link #MAX_SKEW_NANOS} away, as the runner's sampler does), and each node's role over
 * time for the leader/role lane.
 */
public final class LagSeries {
    public static final long MAX_SKEW_NANOS = 1_000_000_000L;

    /** A lag sample: ns since the load started, records behind. */
    public record Point(long time, long lag) {
    }

    /** A stretch of time in one role ("leader", "follower", "candidate", ..., or "down" when the node did not answer). */
    public record RoleSpan(String role, long start, long end) {
    }

    private LagSeries() {
    }

    public static Map<String, List<Point>> lag(List<LagSample> samples) {
        List<LagSample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparingLong(LagSample::time));
        Map<String, List<Point>> out = new TreeMap<>();
        LagSample leader = null;
        for (LagSample s : sorted) {
            if (s.error() != null) continue;
            if (s.isLeader()) {
                if (leader == null || s.term() >= leader.term() || s.time() - leader.time() > MAX_SKEW_NANOS) leader = s;
                continue;
            }
            if (leader == null || s.time() - leader.time() > MAX_SKEW_NANOS) continue;
            out.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(new Point(s.time(), Math.max(0, leader.commitLsn() - s.appliedLsn())));
        }
        return out;
    }

    /** Per node, consecutive samples of the same role merged into spans; a span ends where the next sample begins. */
    public static Map<String, List<RoleSpan>> roles(List<LagSample> samples, long end) {
        Map<String, List<LagSample>> byNode = new TreeMap<>();
        for (LagSample s : samples) byNode.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(s);
        Map<String, List<RoleSpan>> out = new TreeMap<>();
        byNode.forEach((node, list) -> {
            list.sort(Comparator.comparingLong(LagSample::time));
            List<RoleSpan> spans = new ArrayList<>();
            String role = null;
            long start = 0;
            for (LagSample s : list) {
                String r = s.error() != null ? "down" : s.role();
                if (!r.equals(role)) {
                    if (role != null) spans.add(new RoleSpan(role, start, s.time()));
                    role = r;
                    start = s.time();
                }
            }
            if (role != null) spans.add(new RoleSpan(role, start, Math.max(start, end)));
            out.put(node, spans);
        });
        return out;
    }
}
