package dev.chaoskv.chaos.nemesis.fault;

import java.util.List;

/** latency: {@code latencyMs} with uniform jitter of {@code jitterMs} on every peer link, in the sending direction. */
public record Latency(int latencyMs, int jitterMs) implements Fault {

    private static final List<Integer> CHOICES_MS = List.of(20, 50, 100, 200);

    static Latency draw(Draw d) {
        int ms = CHOICES_MS.get(d.random().nextInt(CHOICES_MS.size()));
        return new Latency(ms, ms / 2);
    }

    @Override
    public FaultKind kind() {
        return FaultKind.LATENCY;
    }

    @Override
    public String describe() {
        return kind().wireName() + ": " + latencyMs + " ms +/- " + jitterMs + " ms on every peer link";
    }

    @Override
    public Injection resolve(Targets targets) {
        return new Injection.SlowLinks(kind(), targets.peerLinks(), latencyMs, jitterMs);
    }
}
