package dev.chaoskv.raft.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The last events of a run, kept in a ring so that a failure can show what led to it. Details
 * are kept as objects and only turned into text when a failure is reported: formatting every
 * message of ten thousand runs would cost more than simulating them.
 */
final class Trace {
    record Event(long time, String node, String kind, Object detail) {
        @Override
        public String toString() {
            return String.format("t=%-5d %-3s %-9s %s", time, node, kind, detail);
        }
    }

    private final Event[] ring;
    private long count;

    Trace(int capacity) {
        ring = new Event[capacity];
    }

    void add(long time, String node, String kind, Object detail) {
        ring[(int) (count++ % ring.length)] = new Event(time, node, kind, detail);
    }

    List<Event> tail(int n) {
        int k = (int) Math.min(n, Math.min(count, ring.length));
        List<Event> out = new ArrayList<>(k);
        for (long i = count - k; i < count; i++) out.add(ring[(int) (i % ring.length)]);
        return out;
    }
}
