package dev.chaoskv.chaos.nemesis;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.load.HistoryWriter;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.nemesis.fault.Injection;
import dev.chaoskv.chaos.nemesis.fault.Targets;
import dev.chaoskv.chaos.network.NetworkFaults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a {@link NemesisSchedule} to a live cluster: resolves each fault's targets when its
 * window opens, writes the fault to the ledger before applying it, applies it, and undoes it when
 * its window closes. Each start and stop also goes into the history as a nemesis event.
 */
public final class Nemesis implements Runnable {
    /** A finished or running fault, for the report's shading. */
    public record Span(String label, long start, long end) {
    }

    /** The fault of window {@code window}, in place since {@code startedAt} (ns since run start; -1 until it is). */
    private record Active(int window, Injection injection, long startedAt) {
    }

    private final NemesisSchedule schedule;
    private final Targets targets;
    private final Cluster cluster;
    private final NetworkFaults network;
    private final FaultLedger ledger;
    private final HistoryWriter history;
    private final List<Span> spans = new ArrayList<>();
    private final List<FaultKind.Skipped> skipped = new ArrayList<>();
    private volatile Active active;
    private volatile boolean stopped;
    private volatile String lastError;
    private int injected;

    public Nemesis(NemesisSchedule schedule, Targets targets, Cluster cluster, NetworkFaults network, FaultLedger ledger,
                   HistoryWriter history) {
        this.schedule = schedule;
        this.targets = targets;
        this.cluster = cluster;
        this.network = network;
        this.ledger = ledger;
        this.history = history;
    }

    @Override
    public void run() {
        try {
            for (NemesisSchedule.Window w : schedule.windows()) {
                if (!sleepUntil(w.startNanos())) return;
                try {
                    apply(w);
                } catch (IOException | RuntimeException e) {
                    lastError = "applying #" + w.index() + ": " + e.getMessage();
                    history.nemesis("error", Map.of("window", w.index(), "error", String.valueOf(e.getMessage())));
                }
                if (!sleepUntil(w.endNanos())) return;
                undo();
            }
        } catch (InterruptedException e) {
            // stopping: the caller heals
        }
    }

    private boolean sleepUntil(long t) throws InterruptedException {
        while (!stopped) {
            long wait = t - history.now();
            if (wait <= 0) return true;
            Thread.sleep(Math.min(wait / 1_000_000 + 1, 100));
        }
        return false;
    }

    public void stop() {
        stopped = true;
    }

    /** What is being injected now, for the status line. */
    public Optional<String> activeDescription() {
        Active a = active;
        return a == null ? Optional.empty() : Optional.of(a.injection().kind().wireName() + a.injection().targets());
    }

    public synchronized int injected() {
        return injected;
    }

    /** Faults requested but not injected, because they could not apply. */
    public synchronized List<FaultKind.Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /** Records a fault that cannot apply: a "skip" nemesis event in the history; it never counts as injected. */
    public void skip(FaultKind.Skipped s) {
        synchronized (this) {
            skipped.add(s);
        }
        history.nemesis("skip", s.value());
    }

    public String lastError() {
        return lastError;
    }

    public synchronized List<Span> spans() {
        List<Span> out = new ArrayList<>(spans);
        Active a = active;
        if (a != null) out.add(new Span(a.injection().kind().wireName(), a.startedAt(), -1));
        return out;
    }

    void apply(NemesisSchedule.Window w) throws IOException {
        Injection injection = w.fault().resolve(targets.forWindow(w.index()));
        if (injection.hitsNothing()) {
            skip(new FaultKind.Skipped(injection.kind().wireName(), "window #" + w.index() + " found nothing to fault"));
            return;
        }
        Map<String, Object> entry = new LinkedHashMap<>(injection.value());
        entry.put("window", w.index());
        ledger.append("apply", entry); // before touching anything: a crash from here on is healable
        active = new Active(w.index(), injection, -1);
        injection.apply(cluster, network);
        long t = history.nemesis(injection.startEvent(), injection.value());
        active = new Active(w.index(), injection, t);
        synchronized (this) {
            injected++;
        }
    }

    /** Undoes the active fault (no-op if none). */
    public void undo() {
        Active a = active;
        if (a == null) return;
        ledger.append("undo", Map.of("window", a.window()));
        List<String> problems = a.injection().undo(cluster, network);
        Map<String, Object> value = a.injection().value();
        if (!problems.isEmpty()) value.put("problems", problems);
        long t = history.nemesis(a.injection().stopEvent(), value);
        synchronized (this) {
            spans.add(new Span(a.injection().kind().wireName(), a.startedAt(), t));
        }
        active = null;
    }
}
