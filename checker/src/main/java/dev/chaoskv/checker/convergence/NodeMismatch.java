package dev.chaoskv.checker.convergence;

import java.util.List;

/**
 * How one node differs from the leader after heal.
 *
 * @param problems      plain descriptions ("lastLsn 118 != leader's 120", "unreachable: ...")
 * @param differingKeys keys whose value differs from the leader's, sorted, at most {@link #MAX_KEYS}
 * @param totalDifferingKeys how many keys differ in all
 */
public record NodeMismatch(String node, List<String> problems, List<KeyDiff> differingKeys, int totalDifferingKeys) {
    public static final int MAX_KEYS = 50;

    /** A key whose value differs; null = absent on that side. */
    public record KeyDiff(String key, String leaderValue, String nodeValue) {
    }

    public String sentence() {
        String keys = totalDifferingKeys == 0 ? ""
                : "; " + totalDifferingKeys + " key(s) differ, e.g. " + differingKeys.get(0).key() + " is "
                + show(differingKeys.get(0).nodeValue()) + " on " + node + " but "
                + show(differingKeys.get(0).leaderValue()) + " on the leader";
        return node + " did not converge: " + String.join(", ", problems) + keys;
    }

    private static String show(String v) {
        return v == null ? "absent" : v;
    }
}
