package dev.chaoskv.toxiproxy;

import java.util.concurrent.atomic.LongAdder;

/** Bytes a proxy read from a link's source and wrote to its destination, for /metrics. */
record DirectionCounters(LongAdder received, LongAdder sent) {
    DirectionCounters() {
        this(new LongAdder(), new LongAdder());
    }
}
