package dev.chaoskv.bench.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What one control run of the detection suite shows: whether the planted bug was caught, and how
 * long after the first fault the first violating operation completed.
 *
 * @param exitCode          the run's exit code: 1 = found invalid (caught); 0 or 2 = not caught; anything else = the harness failed
 * @param firstFaultNanos   when the first fault was in place (history clock); empty if none was injected
 * @param firstViolationNanos when the first operation that shows a violation completed; empty if none is named
 */
public record RunDetection(String entry, long seed, int exitCode, OptionalLong firstFaultNanos,
                           OptionalLong firstViolationNanos) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean caught() {
        return exitCode == 1;
    }

    /** The run says nothing about detection: it did not get to a verdict. */
    public boolean harnessFailed() {
        return exitCode < 0 || exitCode > 2;
    }

    /** First fault to first violating operation, in ns; empty unless both are known. */
    public OptionalLong detectionNanos() {
        if (firstFaultNanos.isEmpty() || firstViolationNanos.isEmpty()) return OptionalLong.empty();
        return OptionalLong.of(firstViolationNanos.getAsLong() - firstFaultNanos.getAsLong());
    }

    /** Reads a run folder: history.jsonl for the first fault, verdict.json for the violations. */
    public static RunDetection read(String entry, long seed, int exitCode, Path runDir) throws IOException {
        OptionalLong fault = OptionalLong.empty();
        Path history = runDir.resolve("history.jsonl");
        if (Files.exists(history)) {
            try (BufferedReader r = Files.newBufferedReader(history)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.contains("\"process\":\"nemesis\"")) continue;
                    JsonNode e = JSON.readTree(line);
                    if (e.path("f").asText().startsWith("start")) {
                        fault = OptionalLong.of(e.path("time").asLong());
                        break;
                    }
                }
            }
        }
        OptionalLong violation = OptionalLong.empty();
        Path verdict = runDir.resolve("verdict.json");
        if (Files.exists(verdict)) violation = firstViolation(JSON.readTree(verdict.toFile()));
        return new RunDetection(entry, seed, exitCode, fault, violation);
    }

    /**
     * The earliest completion, over every durability finding and linearizability violation, of the
     * operation that shows it: the one invoked last among those the checker cites (the read of a
     * stale read, the acknowledged write of a lost write).
     */
    static OptionalLong firstViolation(JsonNode verdict) {
        long first = Long.MAX_VALUE;
        JsonNode checks = verdict.path("checks");
        for (JsonNode f : checks.path("durability").path("findings")) first = Math.min(first, showing(f.path("ops")));
        for (JsonNode v : checks.path("linearizability").path("violations")) first = Math.min(first, showing(v.path("window")));
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    private static long showing(JsonNode ops) {
        JsonNode last = null;
        for (JsonNode op : ops) {
            if (last == null || op.path("invokeTime").asLong() > last.path("invokeTime").asLong()) last = op;
        }
        if (last == null) return Long.MAX_VALUE;
        JsonNode complete = last.path("completeTime");
        return complete.isNumber() ? complete.asLong() : last.path("invokeTime").asLong();
    }
}
