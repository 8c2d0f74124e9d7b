package dev.chaoskv.chaos.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One STATUS sample of one node (or the error that prevented it).
 *
 * @param time ns since run start
 */
public record NodeStatus(long time, String node, String role, long term, String leader, long lastLsn, long commitLsn,
                         long appliedLsn, String digest, String error) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static NodeStatus parse(long time, String node, String statusJson) throws java.io.IOException {
        JsonNode s = JSON.readTree(statusJson);
        String leader = s.path("leader").isTextual() ? s.path("leader").asText() : null;
        if (leader != null && leader.isEmpty()) leader = null;
        return new NodeStatus(time, node, s.path("role").asText("unknown"), s.path("term").asLong(), leader,
                s.path("lastLsn").asLong(), s.path("commitLsn").asLong(), s.path("appliedLsn").asLong(),
                s.path("digest").asText(null), null);
    }

    public static NodeStatus failed(long time, String node, String error) {
        return new NodeStatus(time, node, null, -1, null, -1, -1, -1, null, error);
    }

    public boolean ok() {
        return error == null;
    }

    public boolean isLeader() {
        return ok() && "leader".equals(role);
    }
}
