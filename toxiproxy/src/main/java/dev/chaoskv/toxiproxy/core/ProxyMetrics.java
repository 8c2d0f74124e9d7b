package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.toxics.StreamDirection;

/** Byte counters of one proxy, per direction (an extension: the real server needs -proxy-metrics). */
public record ProxyMetrics(DirectionCounters upstream, DirectionCounters downstream) {
    ProxyMetrics() {
        this(new DirectionCounters(), new DirectionCounters());
    }

    public DirectionCounters of(StreamDirection d) {
        return d == StreamDirection.UPSTREAM ? upstream : downstream;
    }
}
