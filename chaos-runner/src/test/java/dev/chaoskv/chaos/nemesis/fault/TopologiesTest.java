package dev.chaoskv.chaos.nemesis.fault;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologiesTest {
    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

    @Test
    void isolateCutsBothDirections() {
        Set<Topologies.Link> cut = Topologies.isolate("n2", List.of("n1", "n2", "n3"));
        assertEquals(Set.of(new Topologies.Link("n2", "n1"), new Topologies.Link("n2", "n3"),
                new Topologies.Link("n1", "n2"), new Topologies.Link("n3", "n2")), cut);
    }

    @Test
    void oneWayCutsOneDirection() {
        assertEquals(Set.of(new Topologies.Link("n1", "n2"), new Topologies.Link("n1", "n3")),
                Topologies.oneWay("n1", List.of("n1", "n2", "n3"), true));
        assertEquals(Set.of(new Topologies.Link("n2", "n1"), new Topologies.Link("n3", "n1")),
                Topologies.oneWay("n1", List.of("n1", "n2", "n3"), false));
    }

    @Test
    void halvesPutTheMinorityFirst() {
        assertEquals(List.of(List.of("n3", "n1"), List.of("n5", "n2", "n4")), Topologies.halves(List.of("n3", "n1", "n5", "n2", "n4")));
        assertEquals(12, Topologies.cutBetween(Topologies.halves(FIVE)).size()); // 2 x 3 links, both ways
    }

    @Test
    void majoritiesRingGivesEveryNodeADistinctMajority() {
        Set<Topologies.Link> cut = Topologies.ring(FIVE);
        Set<Set<String>> views = new HashSet<>();
        for (String n : FIVE) {
            Set<String> sees = new TreeSet<>();
            sees.add(n);
            for (String o : FIVE) {
                if (!o.equals(n) && !cut.contains(new Topologies.Link(n, o))) sees.add(o);
                // symmetric: a link is cut in both directions or neither
                assertEquals(cut.contains(new Topologies.Link(n, o)), cut.contains(new Topologies.Link(o, n)));
            }
            assertEquals(3, sees.size(), n + " sees " + sees);
            views.add(sees);
        }
        assertEquals(5, views.size());
    }

    @Test
    void bridgeTalksToBothHalvesWhichCannotTalkToEachOther() {
        List<String> order = List.of("n3", "n1", "n2", "n4", "n5");
        Set<Topologies.Link> cut = Topologies.bridge(order);
        for (String o : FIVE) {
            assertFalse(cut.contains(new Topologies.Link("n3", o)));
            assertFalse(cut.contains(new Topologies.Link(o, "n3")));
        }
        assertTrue(cut.contains(new Topologies.Link("n1", "n4")));
        assertTrue(cut.contains(new Topologies.Link("n5", "n2")));
        assertFalse(cut.contains(new Topologies.Link("n1", "n2")));
    }

    @Test
    void faultKindParsingExpandsGroupsAndNamesUnknownFaults() {
        assertEquals(List.of(FaultKind.KILL_ONE, FaultKind.KILL_LEADER, FaultKind.KILL_MINORITY), FaultKind.parse(List.of("kill"), 3));
        assertFalse(FaultKind.parse(List.of("partition"), 3).contains(FaultKind.PARTITION_RING));
        assertTrue(FaultKind.parse(List.of("partition"), 5).contains(FaultKind.PARTITION_RING));
        assertTrue(FaultKind.parse(List.of("none"), 3).isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultKind.parse(List.of("explode"), 3));
        assertTrue(e.getMessage().contains("explode"));
        assertThrows(IllegalArgumentException.class, () -> FaultKind.parse(List.of("partition-ring"), 3));
    }
}
