package dev.chaoskv.toxiproxy.toxics;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One link's running toxics, in insertion order, each with its per-link state and its
 * toxicity roll. Immutable as a list; the states inside are mutated under the link's lock.
 */
public final class ToxicChain {
    public static final ToxicChain EMPTY = new ToxicChain(List.of());

    /** One toxic on one link. {@code active} is the toxicity roll: when false it is a noop. */
    record Stage(ToxicSpec spec, boolean active, StageState state) {
    }

    /** What changed when a chain was rebuilt, so the link can flush or close. */
    public record Rebuilt(ToxicChain chain, boolean removedOrUpdated, boolean removedTimeout) {
    }

    private final List<Stage> stages;

    private ToxicChain(List<Stage> stages) {
        this.stages = stages;
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    /**
     * Whether a reset_peer toxic is in the chain, whatever its roll: a connection that starts
     * with one closes with RST (SO_LINGER=0), as in the real server.
     */
    public boolean resetsPeer() {
        return stages.stream().anyMatch(s -> s.spec().toxic() instanceof ResetPeerToxic);
    }

    /** Runs one item through every stage and returns what leaves the last one. */
    public List<StreamItem> process(StreamItem item) {
        List<StreamItem> items = List.of(item);
        for (Stage stage : stages) {
            List<StreamItem> next = new ArrayList<>(2);
            for (StreamItem it : items) {
                if (stage.state().closed) {
                    break; // the stage closed the stream: later items are dropped
                } else if (stage.active()) {
                    stage.spec().toxic().pipe(it, stage.state(), next);
                } else {
                    Toxic.pass(it, stage.state(), next);
                }
            }
            items = next;
            if (items.isEmpty()) {
                break;
            }
        }
        return items;
    }

    /** The earliest idle deadline of an active timeout toxic, or {@link StageState#NO_DEADLINE}. */
    public long idleDeadline() {
        long d = StageState.NO_DEADLINE;
        for (Stage s : stages) {
            if (s.active()) {
                d = Math.min(d, s.state().idleDeadline);
            }
        }
        return d;
    }

    /**
     * The chain for a new list of specs. Unchanged toxics keep their state and roll; updated
     * ones keep their counters but restart (new roll, timers reset); new ones start fresh.
     */
    public Rebuilt rebuild(List<ToxicSpec> specs, SplittableRandom random, long now) {
        List<Stage> next = new ArrayList<>(specs.size());
        boolean changed = false;
        for (ToxicSpec spec : specs) {
            Stage old = find(spec.name());
            if (old != null && old.spec() == spec) {
                next.add(old);
                continue;
            }
            StageState state;
            if (old != null) {
                changed = true;
                state = old.state();
                state.restart();
            } else {
                state = new StageState(random);
            }
            boolean active = random.nextDouble() < spec.toxicity();
            if (active) {
                spec.toxic().start(state, now);
            }
            next.add(new Stage(spec, active, state));
        }
        boolean removedTimeout = false;
        for (Stage old : stages) {
            if (specs.stream().noneMatch(s -> s.name().equals(old.spec().name()))) {
                changed = true;
                // The real server runs the timeout toxic's Cleanup whatever the roll: it closes the link.
                removedTimeout |= old.spec().toxic() instanceof TimeoutToxic;
            }
        }
        return new Rebuilt(new ToxicChain(List.copyOf(next)), changed, removedTimeout);
    }

    private Stage find(String name) {
        for (Stage s : stages) {
            if (s.spec().name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
