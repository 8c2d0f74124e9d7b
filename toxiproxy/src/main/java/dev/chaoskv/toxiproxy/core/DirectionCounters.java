package dev.chaoskv.toxiproxy.core;

import java.util.concurrent.atomic.LongAdder;

/** Bytes a proxy read from a link's source and wrote to its destination, for /metrics. */
public record DirectionCounters(LongAdder received, LongAdder sent) {
    DirectionCounters() {
        this(new LongAdder(), new LongAdder());
    }
}
