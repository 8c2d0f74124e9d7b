package dev.chaoskv.checker.cli;

import dev.chaoskv.testkit.StdioCapture;
import dev.chaoskv.checker.CheckOptions;
import dev.chaoskv.checker.Checker;
import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.gen.StaleReadPlanter;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryWriter;
import dev.chaoskv.checker.linear.Counterexample;
import dev.chaoskv.checker.verdict.Validity;
import dev.chaoskv.checker.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `checker check` on Jepsen EDN histories: same verdicts and exit codes as for history.jsonl. */
class EdnCheckTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final StdioCapture stdio = new StdioCapture();

    private Path resource(String name) throws Exception {
        Path file = dir.resolve(name);
        try (InputStream in = EdnCheckTest.class.getResourceAsStream("/edn/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private int check(Path file) {
        return CheckerMain.run("check", "--no-write", file.toString());
    }

    private static Verdict verdict(Path file) throws Exception {
        return new Checker().check(file, CheckOptions.defaults().withStopAtFirstViolation(false));
    }

    @Test
    void validCasRegisterVectorWithACrashedWriteAndRepeatedValuesExitsZero() throws Exception {
        Path file = resource("cas-register-valid.edn");
        assertEquals(0, check(file), stdio.out() + stdio.err());
        assertTrue(stdio.out().contains(": VALID"), stdio.out());
    }

    @Test
    void withoutTheCrashedWriteTheReadsOfTwoAreUnexplained() throws Exception {
        // The :info write of 2 is the only write of 2: dropping it leaves the reads of 2 invalid,
        // so the valid verdict above rests on treating :info as "may have happened later".
        String text = Files.readString(resource("cas-register-valid.edn"));
        String noCrash = text.lines().filter(l -> !l.contains(":process 2,")).reduce("", (a, l) -> a + l + "\n");
        assertEquals(1, check(write("no-crash.edn", noCrash)), stdio.out());
    }

    @Test
    void invalidCasRegisterLinesExitOne() throws Exception {
        Path file = resource("cas-register-invalid.edn");
        assertEquals(1, check(file), stdio.out() + stdio.err());
        assertTrue(stdio.out().contains("INVALID"), stdio.out());
        assertEquals(List.of("register"), verdict(file).linearizability().violations().stream()
                .map(Counterexample::key).toList());
    }

    @Test
    void independentHistoryFlagsOnlyTheInvalidKey() throws Exception {
        Path file = resource("independent-two-keys.edn");
        Verdict v = verdict(file);
        assertEquals(Validity.INVALID, v.valid());
        assertEquals(2, v.linearizability().keys());
        assertEquals(1, v.linearizability().keysLinearizable());
        assertEquals(List.of(":y"), v.linearizability().violations().stream().map(Counterexample::key).toList());
        assertEquals(1, check(file));
    }

    @Test
    void valuesCompareAsEdnValues() throws Exception {
        String template = """
                {:process 0, :type :invoke, :f :write, :value WRITTEN}
                {:process 0, :type :ok, :f :write, :value WRITTEN}
                {:process 1, :type :invoke, :f :read, :value nil}
                {:process 1, :type :ok, :f :read, :value READ}
                """;
        String[][] equal = {{"[1 2]", "(1 2)"}, {"1", "1N"}, {"{:a 1, :b \"x\"}", "{:b \"x\" :a 1}"}, {":ok", ":ok"}};
        String[][] different = {{"1", "1.0"}, {"\"1\"", "1"}, {":ok", "\"ok\""}, {"[1 2]", "#{1 2}"}};
        for (String[] pair : equal) {
            String h = template.replace("WRITTEN", pair[0]).replace("READ", pair[1]);
            assertEquals(Validity.VALID, verdict(write("eq.edn", h)).valid(), h);
        }
        for (String[] pair : different) {
            String h = template.replace("WRITTEN", pair[0]).replace("READ", pair[1]);
            assertEquals(Validity.INVALID, verdict(write("ne.edn", h)).valid(), h);
        }
    }

    @Test
    void exportedEdnReadsBackToTheSameVerdict() throws Exception {
        History valid = RegisterHistoryGenerator.generate(
                GeneratorConfig.of(600, 4, 6, 0.05, 21).withMix(0.4, 0.2, 0.1, 0.05)).history();
        History invalid = new History(StaleReadPlanter.plant(valid.operations(), 2).operations(), List.of(), 0,
                List.of());
        for (History h : List.of(valid, invalid)) {
            Path jsonl = dir.resolve("history.jsonl");
            Path edn = dir.resolve("history.edn");
            HistoryWriter.write(h, jsonl);
            assertEquals(0, CheckerMain.run("export-edn", jsonl.toString(), "-o", edn.toString()));
            Verdict fromJson = verdict(jsonl);
            Verdict fromEdn = verdict(edn);
            assertEquals(fromJson.valid(), fromEdn.valid());
            assertEquals(fromJson.exitCode(), fromEdn.exitCode());
            assertEquals(fromJson.operations(), fromEdn.operations());
            assertEquals(fromJson.linearizability().violations().size(),
                    fromEdn.linearizability().violations().size());
        }
        assertEquals(Validity.INVALID, verdict(dir.resolve("history.edn")).valid()); // the last one was planted
    }

    @Test
    void aFolderWithOnlyHistoryEdnIsChecked() throws Exception {
        Path store = Files.createDirectory(dir.resolve("jepsen-store"));
        Files.copy(resource("cas-register-invalid.edn"), store.resolve("history.edn"));
        assertEquals(1, CheckerMain.run("check", "--no-write", store.toString()));
    }

    @Test
    void malformedEdnIsBadInputNamingFileLineAndColumn() throws Exception {
        Path file = write("broken.edn", """
                {:process 0, :type :invoke, :f :read, :value nil}
                {:process 0, :type :ok, :f :read :value nil
                {:process 1, :type :invoke, :f :read, :value nil}
                """);
        assertEquals(CheckerMain.EXIT_BAD_INPUT, check(file));
        String message = stdio.err();
        assertTrue(message.startsWith("bad input: broken.edn line 4, column 1: malformed EDN: unexpected end of input:"
                + " '}' opened on line 2 is not closed"), message);
        assertFalse(stdio.out().contains("VALID"));
    }
}
