package dev.chaoskv.chaos.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.chaos.results.data.OpTable;
import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryReader;
import dev.chaoskv.checker.history.NemesisEvent;
import dev.chaoskv.checker.state.LagSample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run folder as read back for the report: every file it can read, and for each file that is
 * missing, empty or malformed a sentence saying so ({@link #problems}). Nothing here throws on
 * bad content: a report of a broken run is still a report.
 *
 * @param run      run.json, or null
 * @param verdict  verdict.json, or null
 * @param ops      the client operations (empty when history.jsonl could not be read)
 * @param nemesis  the history's nemesis events
 * @param ledger   faults.jsonl, line by line
 * @param finalState final.json, or null
 * @param hgrm     file name (latency-*.hgrm, lag-*.hgrm) -> its text
 * @param nodeLogs node id -> the lines of nodes/&lt;id&gt;/node.log
 */
public record RunFolder(Path dir, JsonNode run, JsonNode verdict, OpTable ops, List<NemesisEvent> nemesis,
                        List<LagSample> lag, List<JsonNode> ledger, JsonNode finalState, Map<String, String> hgrm,
                        Map<String, List<String>> nodeLogs, List<String> problems) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static RunFolder read(Path given) {
        Path dir = realPath(given); // results/latest is a link: the run is the folder it points to
        List<String> problems = new ArrayList<>();
        JsonNode run = json(dir, "run.json", problems);
        JsonNode verdict = json(dir, Checker.VERDICT, problems);
        OpTable ops = new OpTable(new byte[0], new byte[0], new long[0], new long[0]);
        List<NemesisEvent> nemesis = List.of();
        Path historyFile = dir.resolve(Checker.HISTORY);
        if (!Files.exists(historyFile)) {
            problems.add(Checker.HISTORY + " is missing: no operations, latencies or faults to show");
        } else {
            try {
                History h = HistoryReader.read(historyFile);
                ops = OpTable.of(h.operations());
                nemesis = h.nemesis();
                h.warnings().forEach(problems::add);
            } catch (CheckerInputException e) {
                problems.add(Checker.HISTORY + " could not be read (" + e.getMessage() + "): no operations, latencies or faults to show");
            }
        }
        List<LagSample> lag = lag(dir.resolve(Checker.LAG), problems);
        List<JsonNode> ledger = jsonLines(dir.resolve("faults.jsonl"), problems);
        JsonNode finalState = json(dir, Checker.FINAL, problems);
        Map<String, String> hgrm = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".hgrm")).toList()) {
                hgrm.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            problems.add("cannot list " + dir + ": " + e.getMessage());
        }
        Map<String, List<String>> logs = new TreeMap<>();
        for (String node : nodeIds(run, dir)) {
            Path log = dir.resolve("nodes").resolve(node).resolve("node.log");
            try {
                logs.put(node, Files.readAllLines(log, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                problems.add("nodes/" + node + "/node.log is missing");
            } catch (IOException e) {
                problems.add("nodes/" + node + "/node.log could not be read: " + e.getMessage());
            }
        }
        return new RunFolder(dir, run, verdict, ops, nemesis, lag, ledger, finalState, hgrm, logs, problems);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** The run's name: run.json's, else the folder's. */
    public String name() {
        return run != null && run.hasNonNull("name") ? run.path("name").asText() : dir.getFileName().toString();
    }

    private static List<String> nodeIds(JsonNode run, Path dir) {
        List<String> ids = new ArrayList<>();
        if (run != null) for (JsonNode n : run.path("nodes")) ids.add(n.path("id").asText());
        if (ids.isEmpty()) {
            try (Stream<Path> s = Files.list(dir.resolve("nodes"))) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(ids::add);
            } catch (IOException e) {
                // no nodes folder: nothing to list (run.json's absence is reported already)
            }
        }
        return ids;
    }

    private static JsonNode json(Path dir, String name, List<String> problems) {
        Path file = dir.resolve(name);
        try {
            if (Files.size(file) == 0) {
                problems.add(name + " is empty");
                return null;
            }
            return JSON.readTree(file.toFile());
        } catch (NoSuchFileException e) {
            problems.add(name + " is missing");
        } catch (IOException e) {
            problems.add(name + " is malformed or truncated (" + firstLine(e.getMessage()) + ")");
        }
        return null;
    }

    private static List<JsonNode> jsonLines(Path file, List<String> problems) {
        List<JsonNode> out = new ArrayList<>();
        String name = file.getFileName().toString();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int bad = 0, firstBad = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                try {
                    out.add(JSON.readTree(lines.get(i)));
                } catch (IOException e) {
                    if (bad++ == 0) firstBad = i + 1;
                }
            }
            if (bad > 0) problems.add(name + ": " + bad + " malformed line(s) skipped, the first at line " + firstBad);
        } catch (NoSuchFileException e) {
            problems.add(name + " is missing");
        } catch (IOException e) {
            problems.add(name + " could not be read: " + e.getMessage());
        }
        return out;
    }

    private static List<LagSample> lag(Path file, List<String> problems) {
        List<LagSample> out = new ArrayList<>();
        for (JsonNode n : jsonLines(file, problems)) {
            if (!n.has("time") || !n.has("node")) continue;
            if (n.hasNonNull("error")) {
                out.add(new LagSample(n.path("time").asLong(), n.path("node").asText(), null, -1, -1, -1, -1, n.path("error").asText()));
            } else {
                out.add(new LagSample(n.path("time").asLong(), n.path("node").asText(), n.path("role").asText("unknown"),
                        n.path("term").asLong(), n.path("lastLsn").asLong(), n.path("commitLsn").asLong(), n.path("appliedLsn").asLong(), null));
            }
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
