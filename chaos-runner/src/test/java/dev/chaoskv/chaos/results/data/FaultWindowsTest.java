package dev.chaoskv.chaos.results.data;

import dev.chaoskv.checker.history.NemesisEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FaultWindowsTest {
    private static NemesisEvent e(long t, String f, String value) {
        return new NemesisEvent(t, "info", f, value, 0);
    }

    @Test
    void startsPairWithTheirStopsAndTheHealClosesTheRest() {
        FaultWindows.Faults f = FaultWindows.of(List.of(
                e(0, "skip", "{\"fault\":\"partition-ring\",\"reason\":\"needs 5 nodes\"}"),
                e(10, "start-partition", "{\"fault\":\"partition-halves\",\"groups\":[[\"n3\"],[\"n1\",\"n2\"]],\"mode\":\"blackhole\"}"),
                e(20, "stop-partition", "{\"fault\":\"partition-halves\",\"groups\":[[\"n3\"],[\"n1\",\"n2\"]],\"mode\":\"blackhole\"}"),
                e(30, "kill", "{\"fault\":\"kill-leader\",\"nodes\":[\"n2\"]}"),
                e(35, "error", "{\"window\":3,\"error\":\"no such proxy\"}"),
                e(40, "start-latency", "{\"fault\":\"latency\",\"latencyMs\":100,\"jitterMs\":50}"),
                e(45, "restart", "{\"fault\":\"kill-leader\",\"nodes\":[\"n2\"],\"problems\":[\"n2 did not start\"]}"),
                e(50, "heal", "{\"problems\":[\"proxy n1-to-n2 still disabled\"]}")));
        assertEquals(List.of(
                new FaultWindows.Window("partition-halves", "n3 | n1 n2 (blackhole)", 10, 20, List.of()),
                new FaultWindows.Window("kill-leader", "n2", 30, 45, List.of("n2 did not start")),
                new FaultWindows.Window("latency", "100 ms ± 50 ms on every peer link", 40, -1, List.of())), f.windows());
        assertEquals(50, f.heal());
        assertEquals(List.of("proxy n1-to-n2 still disabled"), f.healProblems());
        assertEquals(List.of("window 3: no such proxy"), f.errors());
        assertEquals(List.of("partition-ring: needs 5 nodes"), f.skipped());
        assertEquals(50, f.windows().get(2).endOr(50));
    }
}
