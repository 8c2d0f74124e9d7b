package dev.chaoskv.chaos.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite's order, bookkeeping and verdict, with runs that end as told (no processes). */
class SuiteRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path results;

    private static Suite.Run run(String entry, long seed, Suite.Expect expect) {
        return new Suite.Run(entry, 3, seed, expect, entry + "-s" + seed, List.of("--seed", "" + seed), 10_000);
    }

    private static Suite suite(Suite.Run... runs) {
        return new Suite("t", Path.of("suites/t.yml"), List.of(runs));
    }

    /** Runs the suite with each run ending with the exit code given for its name; returns the output. */
    private String runSuite(Suite s, Map<String, Integer> exits, List<String> launched, int[] exit) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SuiteRunner runner = new SuiteRunner((r, dir) -> {
            launched.add(r.runName());
            Path runDir = dir.resolve("20261130T010000-" + r.runName());
            try {
                Files.createDirectories(runDir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new SuiteRunner.Launched(exits.get(r.runName()), runDir);
        }, new PrintStream(out, true, StandardCharsets.UTF_8));
        SuiteRunner.Result result = runner.run(s, results);
        exit[0] = result.exitCode();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCaughtControlRunAndValidRunsPass() throws Exception {
        int[] exit = {-1};
        List<String> launched = new ArrayList<>();
        String out = runSuite(suite(run("a", 1, Suite.Expect.VALID), run("bug", 5, Suite.Expect.INVALID)),
                Map.of("a-s1", 0, "bug-s5", 1), launched, exit);
        assertEquals(0, exit[0], out);
        assertEquals(List.of("a-s1", "bug-s5"), launched);
        assertTrue(out.contains("suite t PASSED: 1 of 1 control run(s) caught (exit 0)"), out);
        Path suiteDir;
        try (var s = Files.list(results)) {
            suiteDir = s.findFirst().orElseThrow();
        }
        assertTrue(suiteDir.getFileName().toString().endsWith("-suite-t"), suiteDir.toString());
        JsonNode json = JSON.readTree(suiteDir.resolve(SuiteSummary.FILE).toFile());
        assertEquals(0, json.path("exitCode").asInt());
        assertEquals("caught", json.path("runs").get(1).path("status").asText());
        assertEquals("INVALID", json.path("runs").get(1).path("verdict").asText());
        assertEquals("20261130T010000-bug-s5", json.path("runs").get(1).path("runDir").asText());
        assertEquals(0, json.path("problems").size());
        String junit = Files.readString(suiteDir.resolve("junit.xml"));
        assertTrue(junit.contains("<testsuite name=\"chaos.suite.t\" tests=\"2\" failures=\"0\" errors=\"0\""), junit);
        assertTrue(junit.contains("name=\"bug seed 5 (control: must be caught)\""), junit);
        assertTrue(Files.isRegularFile(suiteDir.resolve("index.html")));
    }

    @Test
    void aControlRunNotCaughtFailsTheSuiteAndSaysSo() throws Exception {
        int[] exit = {-1};
        String out = runSuite(suite(run("a", 1, Suite.Expect.VALID), run("bug", 5, Suite.Expect.INVALID)),
                Map.of("a-s1", 0, "bug-s5", 0), new ArrayList<>(), exit);
        assertEquals(1, exit[0], out);
        assertTrue(out.contains("control run 'bug' (seed 5) was not caught (VALID): the nightly no longer detects this bug"), out);
        assertTrue(out.contains("suite t FAILED: 0 of 1 control run(s) caught (exit 1)"), out);
        Path suiteDir;
        try (var s = Files.list(results)) {
            suiteDir = s.findFirst().orElseThrow();
        }
        String junit = Files.readString(suiteDir.resolve("junit.xml"));
        assertTrue(junit.contains("failures=\"1\"") && junit.contains("the nightly no longer detects this bug"), junit);
    }

    @Test
    void anInvalidRunBeatsAHarnessFailureWhichBeatsUnknown() {
        Suite.Run a = run("a", 1, Suite.Expect.VALID), c = run("c", 1, Suite.Expect.INVALID);
        assertEquals(1, SuiteVerdict.exitCode(List.of(outcome(a, 3), outcome(a, 1), outcome(a, 2))));
        assertEquals(3, SuiteVerdict.exitCode(List.of(outcome(a, 2), outcome(a, 3), outcome(c, 1))));
        assertEquals(2, SuiteVerdict.exitCode(List.of(outcome(a, 0), outcome(a, 2))));
        assertEquals(1, SuiteVerdict.exitCode(List.of(outcome(c, 2))), "an unknown control run was not caught");
        assertEquals(3, SuiteVerdict.exitCode(List.of(outcome(c, 3))), "a control run the harness failed is a harness failure");
        assertEquals(0, SuiteVerdict.exitCode(List.of(outcome(a, 0), outcome(c, 1))));
    }

    @Test
    void aSignalStopsTheSuiteAndTheRestIsNotRun() throws Exception {
        int[] exit = {-1};
        List<String> launched = new ArrayList<>();
        String out = runSuite(suite(run("a", 1, Suite.Expect.VALID), run("b", 1, Suite.Expect.VALID), run("c", 1, Suite.Expect.VALID)),
                Map.of("a-s1", 0, "b-s1", 143), launched, exit);
        assertEquals(143, exit[0], out);
        assertEquals(List.of("a-s1", "b-s1"), launched);
        assertTrue(out.contains("not run"), out);
        assertFalse(out.contains("PASSED"), out);
    }

    private static RunOutcome outcome(Suite.Run r, int exit) {
        return new RunOutcome(r, exit, null, 1000);
    }
}
