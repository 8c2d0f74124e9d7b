package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.suite.Suite;
import dev.chaoskv.chaos.suite.SuiteFileException;
import dev.chaoskv.chaos.suite.SuiteParser;
import dev.chaoskv.testkit.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Suite files read and expanded with `chaos run`'s own validation; every error names file, line and field. */
class SuiteFileTest {
    @TempDir
    Path dir;

    private Suite parse(String yaml) throws Exception {
        Path f = dir.resolve("s.yml");
        Files.writeString(f, yaml);
        return new SuiteParser(new RunArgumentsOfRunCommand()).parse(f, List.of());
    }

    private String error(String yaml) {
        return assertThrows(SuiteFileException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void entriesExpandIntoOneRunPerSeedWithDefaultsUnderneath() throws Exception {
        Suite s = parse("""
                name: night
                defaults:
                  time-limit: 20s
                  seeds: 2
                runs:
                  - name: a
                    workload: register
                    nemesis: [partition-one, kill-one]
                  - name: control
                    expect: invalid
                    seeds: [7]
                    time-limit: 15s
                    kvnode-args: [--unsafe-stale-reads, --quorum=1]
                    client-binding: node
                    direct: false
                """);
        assertEquals("night", s.name());
        assertEquals(List.of("a-s1", "a-s2", "control-s7"), s.runs().stream().map(Suite.Run::runName).toList());
        assertEquals(List.of("--time-limit=20s", "--workload=register", "--nemesis=partition-one,kill-one", "--seed", "1", "--name", "a-s1"),
                s.runs().get(0).args());
        Suite.Run control = s.runs().get(2);
        assertTrue(control.control());
        assertEquals(15_000, control.timeLimitMs());
        assertEquals(List.of("--time-limit=15s", "--kvnode-arg=--unsafe-stale-reads", "--kvnode-arg=--quorum=1",
                "--client-binding=node", "--seed", "7", "--name", "control-s7"), control.args());
        assertEquals(9, control.line());
        assertFalse(s.runs().get(0).control());
    }

    @Test
    void theNameDefaultsToTheFileName() throws Exception {
        assertEquals("s", parse("runs: [{name: x, seeds: 1}]").name());
    }

    @Test
    void aBadRunSettingNamesTheLineAndFieldOfTheValue() {
        String e = error("""
                runs:
                  - name: a
                    seeds: 1
                    nemesis: explode
                """);
        assertTrue(e.startsWith(dir.resolve("s.yml") + ":4: runs[0].nemesis: --nemesis: unknown fault 'explode'"), e);
    }

    @Test
    void aBadDefaultIsBlamedOnTheDefaultsLine() {
        String e = error("""
                defaults:
                  time-limit: soon
                runs:
                  - {name: a, seeds: 1}
                """);
        assertTrue(e.contains("s.yml:2: defaults.time-limit: "), e);
    }

    @Test
    void unknownAndOwnedFieldsAreRefusedByName() {
        assertTrue(error("runs:\n  - name: a\n    seeds: 1\n    nemsis: kill\n").contains("s.yml:4: runs[0].nemsis: unknown field"));
        assertTrue(error("runs:\n  - name: a\n    seeds: 1\n    seed: 3\n").contains("s.yml:4: runs[0].seed: not allowed here: it use 'seeds'"));
        assertTrue(error("runs:\n  - name: a\n    seeds: 1\n    results-dir: x\n").contains(":4: runs[0].results-dir: not allowed here"));
        assertTrue(error("nam: x\nruns: [{name: a, seeds: 1}]\n").contains("s.yml:1: nam: unknown field"));
    }

    @Test
    void missingOrMalformedPartsAreNamed() {
        assertTrue(error("name: x\n").contains("s.yml:1: no 'runs'"), error("name: x\n"));
        assertTrue(error("runs:\n  - name: a\n").contains("s.yml:2: runs[0]: the entry has no 'seeds'"));
        assertTrue(error("runs:\n  - seeds: 1\n").contains("s.yml:2: runs[0]: the entry has no 'name'"));
        assertTrue(error("runs:\n  - {name: a, seeds: 1}\n  - {name: a, seeds: 2}\n").contains(":3: runs[1].name: 'a' names another entry too"));
        assertTrue(error("runs:\n  - {name: a, seeds: 0}\n").contains("runs[0].seeds: a count of seeds is 1 to 1000"));
        assertTrue(error("runs:\n  - {name: a, seeds: [1, x]}\n").contains("runs[0].seeds[1]: a seed is a whole number"));
        assertTrue(error("runs:\n  - {name: a, seeds: 1, expect: broken}\n").contains("runs[0].expect: must be valid or invalid"));
        assertTrue(error("runs:\n  - {name: 'a b', seeds: 1}\n").contains("runs[0].name: may only hold"));
        assertTrue(error("runs: []\n").contains("runs: must be a non-empty list"));
    }

    @Test
    void notYamlOrARepeatedKeyIsALineToo() {
        String e = error("runs:\n  - name: a\n    seeds: [1\n");
        assertTrue(e.contains("s.yml:") && e.contains("not valid YAML"), e);
        assertTrue(error("runs:\n  - name: a\n    seeds: 1\n    seeds: 2\n").contains("s.yml:4: 'seeds' is given twice"));
    }

    @Test
    void aMissingFileIsNamed() {
        SuiteFileException e = assertThrows(SuiteFileException.class,
                () -> new SuiteParser(new RunArgumentsOfRunCommand()).parse(dir.resolve("nope.yml"), List.of()));
        assertTrue(e.getMessage().startsWith(dir.resolve("nope.yml") + ": cannot read it"), e.getMessage());
    }

    @Test
    void theShippedSuitesAreValidAndHaveTheirControlRuns() throws Exception {
        SuiteParser parser = new SuiteParser(new RunArgumentsOfRunCommand());
        Path suites = RepoRoot.path().resolve("suites");
        Suite ci = parser.parse(suites.resolve("ci.yml"), List.of());
        assertEquals(1, ci.runs().stream().filter(Suite.Run::control).count());
        assertTrue(ci.runs().stream().mapToLong(Suite.Run::timeLimitMs).sum() <= 60_000, "ci.yml must stay well under 3 minutes");
        Suite nightly = parser.parse(suites.resolve("nightly.yml"), List.of());
        assertEquals(2, nightly.runs().stream().filter(Suite.Run::control).count());
        for (String w : List.of("--workload=register", "--workload=set", "--workload=mixed")) {
            assertTrue(nightly.runs().stream().anyMatch(r -> r.args().contains(w)), w);
        }
        Suite detection = parser.parse(suites.resolve("detection.yml"), List.of());
        assertTrue(detection.runs().stream().allMatch(Suite.Run::control));
        assertEquals(40, detection.runs().size());
    }

    @Test
    void suiteCommandDryRunPrintsTheMatrixAndABadFileIsUsage() throws Exception {
        Path f = dir.resolve("m.yml");
        Files.writeString(f, "runs:\n  - {name: a, seeds: 2, time-limit: 10s}\n  - {name: c, seeds: [5], expect: invalid}\n");
        Cli.Result r = Cli.run("suite", f.toString(), "--dry-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("3 run(s), 1 control run(s), 1m20s of load"), r.out());
        assertTrue(r.out().contains("--time-limit=10s --seed 2 --name a-s2"), r.out());
        Files.writeString(f, "runs:\n  - {name: a, seeds: 2, nodes: zero}\n");
        Cli.Result bad = Cli.run("suite", f.toString());
        assertEquals(64, bad.exit());
        assertTrue(bad.err().startsWith("error: " + f + ":2: runs[0].nodes: "), bad.err());
        assertTrue(bad.err().contains("See 'chaos suite --help'."), bad.err());
    }

    @Test
    void helpEndsWithTheSuitesExitCodes() {
        Cli.Result r = Cli.run("suite", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().strip().endsWith("130, 143  stopped by Ctrl-C or SIGTERM (the run in hand healed; the rest not started)"), r.out());
        assertTrue(r.out().contains("  1   a run is invalid, or a control run was not caught"), r.out());
    }

    @Test
    void inventoryIsPassedToEveryRunOrRefusedWhenRunsCannotTakeIt() throws Exception {
        Path f = dir.resolve("i.yml");
        Files.writeString(f, "runs:\n  - {name: a, seeds: 2}\n");
        Cli.Result r = Cli.run("suite", f.toString(), "--inventory", "hosts.yml", "--dry-run");
        if (new RunArgumentsOfRunCommand().optionNames().contains("inventory")) {
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("--name a-s1 --inventory hosts.yml") && r.out().contains("--name a-s2 --inventory hosts.yml"), r.out());
        } else {
            assertEquals(64, r.exit());
            assertTrue(r.err().startsWith("error: --inventory: this build's 'chaos run' has no runs on real machines"), r.err());
        }
    }
}
