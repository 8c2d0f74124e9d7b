package dev.chaoskv.checker.state;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * final.json: the cluster after heal.
 *
 * @param leader     the leader's id, or null when there was none
 * @param nodes      per node, sorted by id
 * @param leaderRead every key read linearizably from the leader after heal, or null when absent
 */
public record FinalState(String leader, SortedMap<String, NodeState> nodes, Map<String, String> leaderRead) {

    public Optional<NodeState> leaderState() {
        return Optional.ofNullable(leader).map(nodes::get).filter(NodeState::reachable);
    }

    /**
     * The state durability is judged against: leaderRead where it has the key (it was read
     * linearizably), otherwise the leader's data dump. Empty when neither is available.
     */
    public Optional<Map<String, String>> authoritativeData() {
        Optional<NodeState> leaderNode = leaderState();
        if (leaderRead == null && leaderNode.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> merged = new HashMap<>();
        leaderNode.ifPresent(n -> merged.putAll(n.data()));
        if (leaderRead != null) {
            // leaderRead maps absent keys to null: remove them rather than store null.
            leaderRead.forEach((k, v) -> {
                if (v == null) {
                    merged.remove(k);
                } else {
                    merged.put(k, v);
                }
            });
        }
        return Optional.of(merged);
    }

    /** Where the authoritative data came from, for the report. */
    public String authoritySource() {
        if (leaderRead != null) {
            return leaderState().isPresent() ? "leaderRead (leader data for keys it lacks)" : "leaderRead";
        }
        return leaderState().isPresent() ? "data of leader " + leader : "none";
    }
}
