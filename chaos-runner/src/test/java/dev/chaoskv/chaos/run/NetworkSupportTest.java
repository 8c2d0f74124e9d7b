package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.fakes.RecordingNetwork;
import dev.chaoskv.chaos.nemesis.NemesisSchedule;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.network.DirectLinks;
import dev.chaoskv.chaos.network.LinkFault;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Link faults the network mechanism refuses are skipped with its reason and never drawn. */
class NetworkSupportTest {
    private static final List<FaultKind> KINDS = List.of(FaultKind.LATENCY, FaultKind.SLICER, FaultKind.PACKET_LOSS, FaultKind.KILL_ONE);

    @Test
    void whatTheNetworkRefusesIsSkippedWithItsReasonAndLeftOutOfTheDraw() {
        RecordingNetwork onlySlicing = new RecordingNetwork(new ArrayList<>());
        onlySlicing.refuses = kind -> kind == LinkFault.Kind.SLICER ? null : "no " + kind.wireName() + " here";
        List<FaultKind.Skipped> skipped = NetworkSupport.unsupported(KINDS, onlySlicing);
        assertEquals(List.of(new FaultKind.Skipped("packet-loss", "no packet-loss here")), skipped);

        NemesisSchedule.Plan plan = new NemesisSchedule.Plan(7, List.of("n1", "n2", "n3"), KINDS, Duration.ofSeconds(1),
                Duration.ofSeconds(60), 1, null);
        NemesisSchedule.Plan without = NetworkSupport.without(plan, skipped);
        assertEquals(List.of(FaultKind.LATENCY, FaultKind.SLICER, FaultKind.KILL_ONE), without.kinds());
        assertTrue(NemesisSchedule.generate(without).windows().stream().noneMatch(w -> w.fault().kind() == FaultKind.PACKET_LOSS));
        assertEquals(plan, NetworkSupport.without(plan, List.of()));
    }

    @Test
    void byDefaultANetworkRefusesEveryNewLinkFault() {
        List<FaultKind.Skipped> skipped = NetworkSupport.unsupported(KINDS, new DirectLinks());
        assertEquals(List.of("slicer", "packet-loss"), skipped.stream().map(FaultKind.Skipped::fault).toList());
        assertEquals("slicer cannot be injected on " + new DirectLinks().describe(), skipped.get(0).reason());
    }
}
