package dev.chaoskv.chaos.nemesis;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.fakes.RecordingCluster;
import dev.chaoskv.chaos.fakes.RecordingNetwork;
import dev.chaoskv.chaos.load.HistoryWriter;
import dev.chaoskv.chaos.nemesis.fault.KillMinority;
import dev.chaoskv.chaos.nemesis.fault.KillOne;
import dev.chaoskv.chaos.nemesis.fault.PartitionOne;
import dev.chaoskv.chaos.nemesis.fault.Targets;
import dev.chaoskv.chaos.network.CutMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nemesis loop against a cluster and a network that only record: ledger first, then the fault, then the history. */
class NemesisTest {
    private static final ClusterPlan PLAN = ClusterPlan.of(3);
    @TempDir
    Path dir;
    private final List<String> log = new ArrayList<>();
    private final RecordingCluster cluster = new RecordingCluster(PLAN.nodeIds(), log);
    private final RecordingNetwork network = new RecordingNetwork(log);

    private Nemesis nemesis(NemesisSchedule schedule, FaultLedger ledger, HistoryWriter history) {
        return new Nemesis(schedule, new Targets(PLAN, () -> Optional.of("n2"), 1), cluster, network, ledger, history);
    }

    @Test
    void eachWindowIsLedgeredBeforeItIsAppliedThenRecordedInTheHistoryAndUndone() throws Exception {
        Path ledgerFile = dir.resolve(FaultLedger.FILE);
        cluster.beforeEachCall = () -> log.add("ledger: " + lastEvent(ledgerFile));
        NemesisSchedule schedule = new NemesisSchedule(List.of(new NemesisSchedule.Window(1, 0, 50_000_000L, new KillOne("n3"))));
        try (FaultLedger ledger = new FaultLedger(dir, dir); HistoryWriter history = history()) {
            Nemesis nemesis = nemesis(schedule, ledger, history);
            nemesis.apply(schedule.windows().get(0));
            assertEquals(Optional.of("kill-one [n3]"), nemesis.activeDescription());
            assertEquals(1, nemesis.injected());
            assertEquals(-1, nemesis.spans().get(0).end(), "still running");
            nemesis.undo();
            assertEquals(Optional.empty(), nemesis.activeDescription());
            Nemesis.Span span = nemesis.spans().get(0);
            assertEquals("kill-one", span.label());
            assertTrue(span.end() >= span.start() && span.start() >= 0, span.toString());
        }
        assertEquals(List.of("ledger: apply", "kill n3", "ledger: undo", "start n3"), log);
        assertTrue(Files.readString(ledgerFile).contains("\"event\":\"apply\",\"fault\":\"kill-one\",\"nodes\":[\"n3\"],\"window\":1"),
                Files.readString(ledgerFile));
        List<String> events = Files.readAllLines(dir.resolve("history.jsonl"));
        assertEquals(2, events.size());
        assertTrue(events.get(0).endsWith("\"f\":\"kill\",\"value\":{\"fault\":\"kill-one\",\"nodes\":[\"n3\"]}}"), events.get(0));
        assertTrue(events.get(1).endsWith("\"f\":\"restart\",\"value\":{\"fault\":\"kill-one\",\"nodes\":[\"n3\"]}}"), events.get(1));
    }

    @Test
    void runAppliesAndUndoesEveryWindowOnTime() throws Exception {
        NemesisSchedule schedule = new NemesisSchedule(List.of(
                new NemesisSchedule.Window(1, 0, 20_000_000L, new KillOne("n1")),
                new NemesisSchedule.Window(2, 40_000_000L, 60_000_000L, new PartitionOne(CutMode.BLACKHOLE, "n2"))));
        try (FaultLedger ledger = new FaultLedger(dir, dir); HistoryWriter history = history()) {
            Nemesis nemesis = nemesis(schedule, ledger, history);
            nemesis.run();
            assertEquals(2, nemesis.injected());
            assertEquals(List.of("kill-one", "partition-one"), nemesis.spans().stream().map(Nemesis.Span::label).toList());
            assertTrue(nemesis.spans().get(1).start() >= 40_000_000L);
        }
        assertEquals(List.of("kill n1", "start n1", "cut n2-to-n1 blackhole", "cut n2-to-n3 blackhole",
                "cut n1-to-n2 blackhole", "cut n3-to-n2 blackhole", "heal n2-to-n1", "heal n2-to-n3", "heal n1-to-n2",
                "heal n3-to-n2"), log);
    }

    @Test
    void whatCouldNotBeUndoneGoesIntoTheHistory() throws Exception {
        network.failingHeals.add("n2-to-n1");
        NemesisSchedule.Window w = new NemesisSchedule.Window(1, 0, 1, new PartitionOne(CutMode.DISCONNECT, "n2"));
        try (FaultLedger ledger = new FaultLedger(dir, dir); HistoryWriter history = history()) {
            Nemesis nemesis = nemesis(new NemesisSchedule(List.of(w)), ledger, history);
            nemesis.apply(w);
            nemesis.undo();
        }
        String stop = Files.readAllLines(dir.resolve("history.jsonl")).get(1);
        assertTrue(stop.contains("\"f\":\"stop-partition\"") && stop.contains("\"problems\":[\"n2-to-n1: Toxiproxy went away\"]"), stop);
    }

    @Test
    void aFaultThatFindsNothingToHitIsSkippedNotInjected() throws Exception {
        NemesisSchedule.Window w = new NemesisSchedule.Window(1, 0, 1, new KillMinority(List.of()));
        try (FaultLedger ledger = new FaultLedger(dir, dir); HistoryWriter history = history()) {
            Nemesis nemesis = nemesis(new NemesisSchedule(List.of(w)), ledger, history);
            nemesis.apply(w);
            assertEquals(0, nemesis.injected());
            assertEquals(List.of("kill-minority"), nemesis.skipped().stream().map(s -> s.fault()).toList());
            assertEquals(Optional.empty(), nemesis.activeDescription());
            nemesis.undo();
            assertEquals(List.of(), nemesis.spans());
        }
        List<String> events = Files.readAllLines(dir.resolve("history.jsonl"));
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).contains("\"type\":\"info\"") && events.get(0).contains("\"f\":\"skip\"")
                && events.get(0).contains("\"reason\":"), events.get(0));
        assertEquals(List.of(), log);
    }

    private HistoryWriter history() throws IOException {
        return new HistoryWriter(dir.resolve("history.jsonl"), System.nanoTime(), 1000);
    }

    private static String lastEvent(Path ledger) {
        try {
            List<String> lines = Files.readAllLines(ledger);
            String last = lines.get(lines.size() - 1);
            return last.replaceAll(".*\"event\":\"([a-z-]+)\".*", "$1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
