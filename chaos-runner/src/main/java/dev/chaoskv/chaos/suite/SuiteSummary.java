package dev.chaoskv.chaos.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The suite's own record: {@code suite.json} in the suite folder, and the table printed at the
 * end (docs/chaos-runner.md, "Suites"). Rendering is pure; {@link #write} is the only I/O.
 */
public final class SuiteSummary {
    public static final String FILE = "suite.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SuiteSummary() {
    }

    public static void write(Path suiteDir, Suite suite, Instant start, Instant end, List<RunOutcome> outcomes) throws IOException {
        Files.writeString(suiteDir.resolve(FILE), json(suiteDir, suite, start, end, outcomes));
    }

    static String json(Path suiteDir, Suite suite, Instant start, Instant end, List<RunOutcome> outcomes) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("suite", suite.name());
        root.put("file", suite.source().toString());
        root.put("startedAt", start.toString());
        root.put("endedAt", end.toString());
        root.put("exitCode", SuiteVerdict.exitCode(outcomes));
        ArrayNode problems = root.putArray("problems");
        for (RunOutcome o : outcomes) if (o.problem() != null) problems.add(o.problem());
        ArrayNode runs = root.putArray("runs");
        for (RunOutcome o : outcomes) {
            ObjectNode r = runs.addObject();
            r.put("entry", o.run().entry());
            r.put("seed", o.run().seed());
            r.put("expect", o.run().expect().wireName());
            r.put("verdict", o.verdict());
            r.put("exitCode", o.exitCode());
            r.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
            r.put("runDir", o.runDir() == null ? null : suiteDir.relativize(o.runDir().toAbsolutePath()).toString());
            r.put("durationMs", o.durationMs());
            ArrayNode args = r.putArray("args");
            o.run().args().forEach(args::add);
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    /** The table printed at the end of a suite, then one line per problem and the overall line. */
    public static String table(Suite suite, Path suiteDir, long elapsedMs, List<RunOutcome> outcomes) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("suite %s: %d run(s) in %s; results in %s%n", suite.name(), outcomes.size(),
                duration(elapsedMs), suiteDir));
        int width = Math.max(5, outcomes.stream().mapToInt(o -> o.run().entry().length()).max().orElse(5));
        b.append(String.format("  %3s  %-" + width + "s  %6s  %-7s  %-15s  %-7s  %7s  %s%n", "#", "entry", "seed", "expect",
                "verdict", "", "time", "run folder"));
        int i = 1;
        for (RunOutcome o : outcomes) {
            b.append(String.format("  %3d  %-" + width + "s  %6d  %-7s  %-15s  %-7s  %7s  %s%n", i++, o.run().entry(),
                    o.run().seed(), o.run().expect().wireName(), o.verdict(), o.status().label(),
                    o.exitCode() == -1 ? "-" : duration(o.durationMs()),
                    o.runDir() == null ? "-" : o.runDir().getFileName()));
        }
        List<String> problems = outcomes.stream().map(RunOutcome::problem).filter(p -> p != null).toList();
        problems.forEach(p -> b.append("  ").append(p).append('\n'));
        long controls = outcomes.stream().filter(o -> o.run().control()).count();
        long caught = outcomes.stream().filter(o -> o.status() == RunOutcome.Status.CAUGHT).count();
        int exit = SuiteVerdict.exitCode(outcomes);
        String verdict = switch (exit) {
            case SuiteVerdict.OK -> "PASSED";
            case SuiteVerdict.FAILED -> "FAILED";
            case SuiteVerdict.UNKNOWN -> "UNKNOWN";
            case SuiteVerdict.HARNESS -> "HARNESS FAILURE";
            default -> "STOPPED";
        };
        b.append(String.format("suite %s %s: %d of %d control run(s) caught (exit %d)%n", suite.name(), verdict, caught, controls, exit));
        return b.toString();
    }

    static String duration(long ms) {
        long s = Math.round(ms / 1000.0);
        return s < 60 ? s + "s" : (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }
}
