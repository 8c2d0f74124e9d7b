package dev.chaoskv.raft;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProgressTrackerTest {
    private final ProgressTracker tracker = new ProgressTracker(5, 4);

    ProgressTrackerTest() {
        tracker.reset(List.of("n2", "n3", "n4", "n5"), 1, 0);
    }

    @Test
    void commitIndexCountsTheLeadersDurableLogAndFollowersMatches() {
        tracker.get("n2").acknowledged(7);
        tracker.get("n3").acknowledged(4);
        assertEquals(4, tracker.committedIndex(9, 3), "leader 9, n2 7, n3 4: three of five hold 4");
        assertEquals(7, tracker.committedIndex(9, 2));
        assertEquals(4, tracker.committedIndex(3, 2), "leader durable only to 3: n2 and n3 hold 4");
        tracker.get("n4").acknowledged(9);
        assertEquals(7, tracker.committedIndex(9, 3));
    }

    @Test
    void acknowledgedRoundIsTheLatestAMajorityAnswered() {
        assertEquals(0, tracker.acknowledgedSeq(3));
        tracker.get("n2").heartbeatAnswered(5, false);
        assertEquals(0, tracker.acknowledgedSeq(3), "the leader and n2 are two of five");
        tracker.get("n3").heartbeatAnswered(3, false);
        assertEquals(3, tracker.acknowledgedSeq(3), "leader, n2 (5) and n3 (3) all answered round 3");
        assertEquals(5, tracker.acknowledgedSeq(2));
    }

    @Test
    void reachabilityAndActivityIncludeTheLeader() {
        assertEquals(5, tracker.reachable());
        tracker.get("n2").goOfflineIfSilent(100, 50);
        tracker.get("n3").goOfflineIfSilent(100, 50);
        assertEquals(3, tracker.reachable());

        assertEquals(5, tracker.takeRecentlyActive(), "a new leader assumes everyone is active");
        assertEquals(1, tracker.takeRecentlyActive(), "nobody heard from since");
        tracker.get("n4").heard(120);
        assertEquals(2, tracker.takeRecentlyActive());

        assertEquals(2, tracker.heardWithin(130, 10), "n4 was heard at 120");
        assertEquals(1, tracker.heardWithin(131, 10));
    }

    @Test
    void emptyWhenNotLeading() {
        tracker.clear();
        assertNull(tracker.get("n2"));
        assertEquals(1, tracker.reachable());
    }
}
