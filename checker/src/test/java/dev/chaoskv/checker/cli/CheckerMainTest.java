package dev.chaoskv.checker.cli;

import dev.chaoskv.testkit.StdioCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.checker.gen.GeneratedRun;
import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.history.HistoryWriter;
import dev.chaoskv.checker.state.StateFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `checker check` end to end: exit codes, summary, verdict.json and .hgrm files. */
class CheckerMainTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final StdioCapture stdio = new StdioCapture();

    private Path writeRun() throws Exception {
        GeneratedRun run = RegisterHistoryGenerator.generate(GeneratorConfig.of(2_000, 5, 8, 0.02, 5));
        HistoryWriter.write(run.history(), dir.resolve("history.jsonl"));
        StateFiles.writeFinal(run.finalState(), dir.resolve("final.json"));
        return dir;
    }

    @Test
    void validRunExitsZeroAndWritesVerdictAndHistograms() throws Exception {
        Path run = writeRun();
        assertEquals(0, CheckerMain.run("check", run.toString()));
        String summary = stdio.out();
        assertTrue(summary.contains(": VALID"), summary);
        JsonNode verdict = new ObjectMapper().readTree(run.resolve("verdict.json").toFile());
        assertTrue(verdict.get("valid").asBoolean());
        assertEquals(0, verdict.get("exitCode").asInt());
        assertTrue(verdict.at("/checks/durability/valid").asBoolean());
        assertTrue(verdict.at("/checks/convergence/valid").asBoolean());
        assertTrue(verdict.at("/checks/linearizability/valid").asBoolean());
        assertTrue(verdict.at("/checks/linearizability/keysByUniqueValuePass").asInt() > 0, verdict.toString());
        assertTrue(verdict.at("/stats/counts/read/ok").asLong() > 0);
        String hgrm = Files.readString(run.resolve("latency-read-ok.hgrm"));
        assertTrue(hgrm.contains("Percentile"), hgrm);
    }

    @Test
    void lostWriteExitsOneAndExplainsIt() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"), """
                {"index":0,"time":0,"process":1,"type":"invoke","f":"write","key":"k1","value":"v1"}
                {"index":1,"time":1000000,"process":1,"type":"ok","f":"write","key":"k1","value":"v1"}
                {"index":2,"time":2000000,"process":1,"type":"invoke","f":"read","key":"k1","value":null}
                {"index":3,"time":3000000,"process":1,"type":"ok","f":"read","key":"k1","value":null}
                """);
        Files.writeString(dir.resolve("final.json"), """
                {"leader":"n1","nodes":{"n1":{"role":"leader","term":1,"lastLsn":0,"commitLsn":0,"appliedLsn":0,
                 "digest":"0","data":{}}}}
                """);
        assertEquals(1, CheckerMain.run("check", dir.toString()));
        JsonNode verdict = new ObjectMapper().readTree(dir.resolve("verdict.json").toFile());
        assertEquals(false, verdict.get("valid").asBoolean());
        assertEquals(1, verdict.at("/checks/durability/lostWrites").asInt());
        assertTrue(verdict.at("/checks/linearizability/violations/0/explanation").asText()
                .startsWith("read of k1 by process 1 returned absent at 0.003 s"));
    }

    @Test
    void malformedLineExitsThreeNamingTheLine() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"),
                "{\"time\":0,\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k\"}\nnot json\n");
        assertEquals(3, CheckerMain.run("check", dir.resolve("history.jsonl").toString()));
        String e = stdio.err();
        assertTrue(e.contains("history.jsonl line 2: malformed JSON"), e);
    }

    @Test
    void timeLimitReachedExitsTwo() throws Exception {
        Path run = writeRun();
        assertEquals(2, CheckerMain.run("check", run.toString(), "--time-limit", "0ms"));
        assertTrue(stdio.out().contains("UNKNOWN"));
    }

    @Test
    void emptyHistoryIsUnknownNotValid() throws Exception {
        Files.writeString(dir.resolve("history.jsonl"),
                "{\"time\":5,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"heal\",\"value\":null}\n");
        assertEquals(2, CheckerMain.run("check", dir.toString()));
        String summary = stdio.out();
        assertTrue(summary.contains(": UNKNOWN") && summary.contains("no operations"), summary);
        JsonNode verdict = new ObjectMapper().readTree(dir.resolve("verdict.json").toFile());
        assertEquals("unknown", verdict.get("valid").asText());
        assertEquals(2, verdict.get("exitCode").asInt());
        assertTrue(verdict.get("warnings").get(0).asText().startsWith("no operations"), verdict.toString());
        Files.writeString(dir.resolve("history.jsonl"), "");
        assertEquals(2, CheckerMain.run("check", dir.toString(), "--no-write"));
    }

    @Test
    void unwritableOutputFolderGivesOneLineAndExitThree() throws Exception {
        Path run = writeRun();
        Path blocked = Files.writeString(dir.resolve("not-a-folder"), "a file where the output folder should be");
        assertEquals(3, CheckerMain.run("check", run.resolve("history.jsonl").toString(), "-o", blocked.toString()));
        String e = stdio.err();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("cannot write " + blocked), e);
        assertTrue(!e.contains("Exception") && !e.contains("\tat "), e);
        assertEquals(3, CheckerMain.run("check", run.resolve("history.jsonl").toString(), "-o",
                blocked.resolve("sub").toString()));
        assertTrue(stdio.err().lines().allMatch(l -> l.startsWith("cannot write ")), stdio.err());
    }

    @Test
    void badUsageExitsSixtyFour() {
        assertEquals(64, CheckerMain.run("check", "x", "--time-limit", "soon"));
        assertTrue(stdio.err().contains("'soon' is not a duration"), stdio.err());
        assertEquals(64, CheckerMain.run("check", "x", "--memory-limit", "lots"));
        assertTrue(stdio.err().contains("'lots' is not a size"), stdio.err());
        assertEquals(64, CheckerMain.run("check"));
        assertEquals(64, CheckerMain.run("frobnicate"));
    }

    @Test
    void usageErrorsAreOneLineAndAHintNotTheWholeHelp() {
        assertEquals(64, CheckerMain.run("check"));
        assertEquals("error: Missing required parameter: 'PATH'\nSee 'checker check --help'.\n", stdio.err());
        assertEquals("", stdio.out());
        stdio.reset();
        assertEquals(64, CheckerMain.run());
        assertEquals("error: missing command: one of check, export-edn\nSee 'checker --help'.\n", stdio.err());
    }

    @Test
    void helpSubcommandAndVersion() {
        assertEquals(0, CheckerMain.run("help", "export-edn"));
        assertTrue(stdio.out().startsWith("Usage: checker export-edn "), stdio.out());
        stdio.reset();
        assertEquals(0, CheckerMain.run("check", "--version"));
        assertTrue(stdio.out().matches("checker \\S+ \\((commit [0-9a-f]+|unknown commit)\\)\n"), stdio.out());
    }

    @Test
    void helpDocumentsTheFlags() {
        assertEquals(0, CheckerMain.run("check", "--help"));
        String help = stdio.out();
        assertTrue(help.contains("--time-limit") && help.contains("--memory-limit") && help.contains("Exit codes"), help);
        assertTrue(help.contains("--time-limit=DURATION") && help.contains("\n  64  bad usage\n"), help);
    }

    @Test
    void exportEdnWritesOneMapPerEvent() throws Exception {
        Path run = writeRun();
        assertEquals(0, CheckerMain.run("export-edn", run.toString()));
        long lines = Files.readAllLines(run.resolve("history.edn")).size();
        long events = Files.readAllLines(run.resolve("history.jsonl")).size();
        assertEquals(events, lines);
    }
}
