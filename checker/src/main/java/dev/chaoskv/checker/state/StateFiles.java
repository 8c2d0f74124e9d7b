package dev.chaoskv.checker.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import dev.chaoskv.checker.json.JsonTrees;
import dev.chaoskv.checker.CheckerInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads final.json and lag.jsonl (formats in docs/results-format.md). */
public final class StateFiles {
    private StateFiles() {
    }

    public static FinalState readFinal(Path file) throws CheckerInputException {
        JsonNode root;
        try {
            root = readTree(file);
        } catch (JsonProcessingException e) {
            throw new CheckerInputException(file.getFileName() + ": malformed JSON at line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CheckerInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parseFinal(root, file.getFileName().toString());
    }

    private static JsonNode readTree(Path file) throws IOException {
        try (JsonParser p = JsonTrees.FACTORY.createParser(file.toFile())) {
            return JsonTrees.readNext(p);
        }
    }

    private static JsonNode readTree(String text) throws IOException {
        try (JsonParser p = JsonTrees.FACTORY.createParser(text)) {
            return JsonTrees.readNext(p);
        }
    }

    public static FinalState parseFinal(JsonNode root, String source) throws CheckerInputException {
        if (root == null || !root.isObject()) {
            throw new CheckerInputException(source + ": expected a JSON object");
        }
        JsonNode leaderNode = root.path("leader");
        String leader = leaderNode.isTextual() ? leaderNode.asText() : null;
        if (!leaderNode.isMissingNode() && !leaderNode.isNull() && !leaderNode.isTextual()) {
            throw new CheckerInputException(source + ": \"leader\" must be a node id or null");
        }
        JsonNode nodesNode = root.path("nodes");
        if (!nodesNode.isObject()) {
            throw new CheckerInputException(source + ": missing object \"nodes\"");
        }
        TreeMap<String, NodeState> nodes = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = nodesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            nodes.put(e.getKey(), parseNode(e.getKey(), e.getValue(), source));
        }
        if (leader != null && !nodes.containsKey(leader)) {
            throw new CheckerInputException(source + ": leader \"" + leader + "\" is not among \"nodes\"");
        }
        Map<String, String> leaderRead = root.has("leaderRead") && !root.get("leaderRead").isNull()
                ? stringMap(root.get("leaderRead"), source, "leaderRead") : null;
        return new FinalState(leader, nodes, leaderRead);
    }

    private static NodeState parseNode(String id, JsonNode n, String source) throws CheckerInputException {
        String where = source + ": nodes." + id;
        if (!n.isObject()) {
            throw new CheckerInputException(where + " must be an object");
        }
        if (n.hasNonNull("error")) {
            return NodeState.unreachable(id, n.get("error").asText());
        }
        return new NodeState(id, text(n, "role", where), number(n, "term", where), number(n, "lastLsn", where),
                number(n, "commitLsn", where), number(n, "appliedLsn", where), text(n, "digest", where),
                n.has("data") ? stringMap(n.get("data"), source, "nodes." + id + ".data") : Map.of(), null);
    }

    private static Map<String, String> stringMap(JsonNode node, String source, String field)
            throws CheckerInputException {
        if (!node.isObject()) {
            throw new CheckerInputException(source + ": \"" + field + "\" must be an object of key: value");
        }
        Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isValueNode()) {
                throw new CheckerInputException(source + ": " + field + "." + e.getKey() + " must be a string or null");
            }
            out.put(e.getKey(), v.isNull() ? null : v.asText());
        }
        return out;
    }

    private static String text(JsonNode n, String field, String where) throws CheckerInputException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new CheckerInputException(where + "." + field + " must be a string");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field, String where) throws CheckerInputException {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new CheckerInputException(where + "." + field + " must be an integer");
        }
        return v.asLong();
    }

    /** Writes final.json in the layout readFinal expects (used by the generator and benchmarks). */
    public static void writeFinal(FinalState state, Path file) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root = JsonTrees.NODES.objectNode();
        root.put("leader", state.leader());
        com.fasterxml.jackson.databind.node.ObjectNode nodes = root.putObject("nodes");
        for (NodeState n : state.nodes().values()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = nodes.putObject(n.id());
            if (!n.reachable()) {
                o.put("error", n.error());
                continue;
            }
            o.put("role", n.role());
            o.put("term", n.term());
            o.put("lastLsn", n.lastLsn());
            o.put("commitLsn", n.commitLsn());
            o.put("appliedLsn", n.appliedLsn());
            o.put("digest", n.digest());
            com.fasterxml.jackson.databind.node.ObjectNode data = o.putObject("data");
            new TreeMap<>(n.data()).forEach(data::put);
        }
        if (state.leaderRead() != null) {
            com.fasterxml.jackson.databind.node.ObjectNode lr = root.putObject("leaderRead");
            new TreeMap<>(state.leaderRead()).forEach(lr::put);
        }
        Files.writeString(file, JsonTrees.compact(root), StandardCharsets.UTF_8);
    }

    public static List<LagSample> readLag(Path file) throws CheckerInputException {
        List<LagSample> out = new ArrayList<>();
        String source = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (!text.isBlank()) {
                    out.add(parseLag(text, source, line));
                }
            }
        } catch (IOException e) {
            throw new CheckerInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    static LagSample parseLag(String text, String source, int line) throws CheckerInputException {
        String where = source + " line " + line;
        JsonNode n;
        try {
            n = readTree(text);
        } catch (JsonProcessingException e) {
            throw new CheckerInputException(where + ": malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CheckerInputException(where + ": malformed JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new CheckerInputException(where + ": expected a JSON object");
        }
        long time = number(n, "time", where);
        String node = text(n, "node", where);
        if (node == null) {
            throw new CheckerInputException(where + ": missing \"node\"");
        }
        if (n.hasNonNull("error")) {
            return new LagSample(time, node, null, -1, -1, -1, -1, n.get("error").asText());
        }
        return new LagSample(time, node, text(n, "role", where), number(n, "term", where),
                number(n, "lastLsn", where), number(n, "commitLsn", where), number(n, "appliedLsn", where), null);
    }
}
