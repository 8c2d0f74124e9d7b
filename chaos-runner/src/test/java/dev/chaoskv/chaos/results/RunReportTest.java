package dev.chaoskv.chaos.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.checker.CheckOptions;
import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.convergence.TimeToConverge;
import dev.chaoskv.checker.gen.GeneratedRun;
import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.gen.StaleReadPlanter;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryWriter;
import dev.chaoskv.checker.history.NemesisEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anInvalidRunShowsTheCounterexampleTheUnsafeFlagAndTheNodeThatHalted() throws Exception {
        GeneratedRun g = RegisterHistoryGenerator.generate(GeneratorConfig.of(3000, 3, 6, 0.01, 7));
        StaleReadPlanter.Planted planted = StaleReadPlanter.plant(g.history().operations(), 1);
        long end = planted.operations().get(planted.operations().size() - 1).invokeTime();
        List<NemesisEvent> nemesis = List.of(
                new NemesisEvent(end / 3, "info", "start-partition", "{\"fault\":\"partition-leader\",\"groups\":[[\"n1\"],[\"n2\",\"n3\"]],\"mode\":\"blackhole\"}", 0),
                new NemesisEvent(2 * end / 3, "info", "stop-partition", "{\"fault\":\"partition-leader\",\"groups\":[[\"n1\"],[\"n2\",\"n3\"]],\"mode\":\"blackhole\"}", 0),
                new NemesisEvent(end + 1, "info", "heal", "{\"problems\":[]}", 0));
        HistoryWriter.write(new History(planted.operations(), nemesis, 0, List.of()), dir.resolve("history.jsonl"));
        Checker.writeResults(new Checker().check(dir, CheckOptions.defaults()), dir);
        JSON.writeValue(dir.resolve("run.json").toFile(), Map.of("name", "stale", "seed", 5, "args", List.of("run", "--kvnode-arg=--quorum=1"),
                "parameters", Map.of("nodes", 3, "workload", "register", "kvnodeArgs", List.of("--quorum=1")),
                "nodes", List.of(Map.of("id", "n1"), Map.of("id", "n2"))));
        Files.createDirectories(dir.resolve("nodes/n1"));
        Files.writeString(dir.resolve("nodes/n1/node.log"), "2026-11-29T23:02:10.000Z n1 [node] n1 starting: term 0\n");
        Files.createDirectories(dir.resolve("nodes/n2"));
        Files.writeString(dir.resolve("nodes/n2/node.log"), "2026-11-29T23:02:10.000Z n2 [node] n2 starting: term 0\n"
                + "2026-11-29T23:02:31.000Z n2 [node] FATAL: event loop failed: java.lang.IllegalStateException: leader n1 sent entry 12 conflicting "
                + "with this node's committed LSN 14: two leaders committed different histories\n");

        RunSummary s = RunReport.write(dir);
        assertEquals("invalid", s.verdict());
        assertEquals("invalid", s.checks().get("linearizability"));
        assertEquals("bin/chaos run --kvnode-arg=--quorum=1 --seed 5", s.command());
        assertEquals(1, s.faultsInjected());

        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Unsafe setting: --quorum=1: a quorum of 1 is below a majority of 3 nodes (2)"), "red banner");
        assertTrue(html.contains("class=\"chart counterexample\""), "the violation is laid out in time");
        String sentence = JSON.readTree(dir.resolve("verdict.json").toFile()).path("checks").path("linearizability").path("violations").get(0)
                .path("explanation").asText();
        assertTrue(html.contains(dev.chaoskv.chaos.results.html.Html.esc(sentence)), "the checker's sentence is beside it");
        assertTrue(html.contains("stroke=\"#c62828\" stroke-width=\"3\""), "the offending operation is highlighted");
        assertTrue(html.contains("two leaders committed different histories"), "the node's last log lines");
        assertTrue(html.contains("1 node exit(s) or failure(s) not caused by the nemesis"));
        assertTrue(html.contains("bin/chaos run --kvnode-arg=--quorum=1 --seed 5"), "the command that repeats the run");
        assertTrue(html.contains("partition-leader"));
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http"), "nothing fetched from the network");

        String junit = Files.readString(dir.resolve("junit.xml"));
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("junit.xml").toFile()); // well-formed
        assertTrue(junit.contains("<testcase classname=\"chaos.stale\" name=\"linearizability\""), junit);
        assertTrue(junit.contains("<failure message=\"linearizability violated: "), junit);
        assertTrue(junit.contains("<testcase classname=\"chaos.stale\" name=\"durability\""), junit);
        assertEquals(s, RunSummary.read(dir), "summary.json reads back as written");
    }

    @Test
    void aFolderWithMissingAndTruncatedFilesStillGetsAReportSayingWhatIsMissing() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"),
                "{\"index\":0,\"time\":1000,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k1\",\"value\":\"v1\"}\n"
                        + "{\"index\":1,\"time\":2000000,\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k1\",\"value\":\"v1\"}\n"
                        + "{\"index\":2,\"time\":3000000,\"process\":1,\"type\":\"inv", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("lag.jsonl"), "{\"time\":1,\"node\":\"n1\",\"role\":\"leader\",\"term\":1,\"lastLsn\":1,\"commitLsn\":1,\"appliedLsn\":1}\n{\"time\":2,");
        Files.writeString(dir.resolve("run.json"), "{\"name\": \"cut\", \"seed\": 3, \"args\": [\"run\"");

        RunSummary s = RunReport.write(dir);
        assertEquals("missing", s.verdict());
        assertEquals(1, s.operations());
        String html = Files.readString(dir.resolve("report.html"));
        for (String said : List.of("run.json is malformed or truncated", "verdict.json is missing", "final.json is missing", "faults.jsonl is missing",
                "history.jsonl line 3 is truncated", "lag.jsonl: 1 malformed line(s) skipped, the first at line 2", "No verdict")) {
            assertTrue(html.contains(said), "the report says: " + said);
        }
        assertTrue(s.problems().stream().anyMatch(p -> p.startsWith("verdict.json is missing")), s.problems().toString());
        assertTrue(Files.readString(dir.resolve("junit.xml")).contains("<error message=\"verdict.json is missing or unreadable"));
    }

    @Test
    void theTimeToConvergeIsPrintedAsTheCheckerPrintsIt() throws Exception {
        // 9.468659 ms is "0.009 s" on the console; rounded to 9.5 ms first it would print "0.010 s".
        Files.writeString(dir.resolve("verdict.json"), "{\"valid\": true, \"checks\": {\"convergence\": {\"valid\": true,"
                + " \"timeToConvergeMillis\": 9.468659}}}");
        Files.writeString(dir.resolve("run.json"), "{\"name\": \"ttc\", \"seed\": 1, \"args\": [\"run\"]}");

        RunSummary s = RunReport.write(dir);

        assertEquals(9.468659, s.timeToConvergeMs(), 1e-9);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Time to converge after heal</th><td>" + TimeToConverge.describe(9_468_659)), "0.009 s");
        assertEquals("0.009 s", TimeToConverge.describe(9_468_659));
    }

    @Test
    void anUnreadableHistoryIsNamedAndTheRestIsStillReported() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"), "not json at all\n{\"time\":1}\n");
        RunSummary s = RunReport.write(dir);
        assertEquals(0, s.operations());
        assertTrue(s.problems().get(2).startsWith("history.jsonl could not be read (history.jsonl line 1: malformed JSON"), s.problems().toString());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("history.jsonl could not be read"));
    }

    @Test
    void lostWritesShowTheFirstFiftyAndTheCount() throws Exception {
        StringBuilder findings = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            findings.append(i == 0 ? "" : ",").append("{\"kind\":\"lost-write\",\"key\":\"k").append(i)
                    .append("\",\"explanation\":\"write of v").append(i).append(" to k").append(i).append(" was acknowledged but lost\"}");
        }
        Files.writeString(dir.resolve("verdict.json"), "{\"valid\":false,\"checks\":{\"durability\":{\"valid\":false,\"lostWrites\":160,"
                + "\"findings\":[" + findings + "]},\"convergence\":{\"valid\":false,\"leader\":\"n1\",\"mismatches\":[{\"node\":\"n2\","
                + "\"explanation\":\"n2 did not converge: lastLsn 118 != leader's 120\",\"differingKeyCount\":1,\"differingKeys\":[{\"key\":\"k1\",\"leader\":\"v3\",\"node\":\"v2\"}]}]}}}");
        RunReport.write(dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("Durability: 160 lost write(s)"));
        assertTrue(html.contains("write of v49 to k49"));
        assertFalse(html.contains("write of v50 to k50"), "only the first 50");
        assertTrue(html.contains("The first 50 of 160 findings are shown"));
        assertTrue(html.contains("n2 did not converge: lastLsn 118 != leader&#39;s 120") || html.contains("n2 did not converge: lastLsn 118 != leader's 120"));
        assertTrue(html.contains("<td>k1</td><td>v3</td><td>v2</td>"), "divergence per node, key by key");
        String junit = Files.readString(dir.resolve("junit.xml"));
        assertTrue(junit.contains("<failure message=\"durability violated: write of v0 to k0 was acknowledged but lost\">"), junit);
        assertTrue(junit.contains("n2 did not converge: lastLsn 118 != leader's 120"), junit);
    }
}
