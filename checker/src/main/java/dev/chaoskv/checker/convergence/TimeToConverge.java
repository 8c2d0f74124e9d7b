package dev.chaoskv.checker.convergence;

import dev.chaoskv.checker.state.LagSample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Time-to-converge after the last heal, from lag.jsonl samples. A follower has converged at the
 * first sample (at or after heal) whose appliedLsn reaches the commitLsn of the most recent
 * leader sample taken at or before it. The cluster's figure is the slowest follower's.
 */
public record TimeToConverge(Map<String, Long> perNode, Long overall, String note) {

    /**
     * The one way a time-to-converge is written for people (console, report, checker summary),
     * so a run never shows three different figures for it.
     */
    public static String describe(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    public static TimeToConverge none(String note) {
        return new TimeToConverge(Map.of(), null, note);
    }

    public static TimeToConverge compute(List<LagSample> samples, OptionalLong healTime) {
        if (samples.isEmpty()) {
            return none("no lag.jsonl samples");
        }
        if (healTime.isEmpty()) {
            return none("the history has no \"heal\" nemesis event");
        }
        long heal = healTime.getAsLong();
        List<LagSample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparingLong(LagSample::time));
        TreeSet<String> followers = new TreeSet<>();
        Map<String, Long> perNode = new TreeMap<>();
        long leaderCommit = -1;
        for (LagSample s : sorted) {
            if (s.isLeader()) {
                leaderCommit = s.commitLsn();
                continue;
            }
            if (s.time() < heal) {
                continue;
            }
            followers.add(s.node());
            if (s.error() == null && leaderCommit >= 0 && !perNode.containsKey(s.node())
                    && s.appliedLsn() >= leaderCommit) {
                perNode.put(s.node(), s.time() - heal);
            }
        }
        if (followers.isEmpty()) {
            return none("no follower samples after the last heal");
        }
        List<String> pending = followers.stream().filter(n -> !perNode.containsKey(n)).toList();
        if (!pending.isEmpty()) {
            return new TimeToConverge(perNode, null, "not converged within the samples: " + String.join(", ", pending));
        }
        long overall = perNode.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return new TimeToConverge(perNode, overall, "from " + samples.size() + " lag samples");
    }
}
