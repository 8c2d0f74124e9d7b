package dev.chaoskv.chaos.nemesis.fault;

import java.util.List;

/** kill-minority: kill -9 --max-faulty random nodes. */
public record KillMinority(List<String> nodes) implements Kill {

    public KillMinority {
        nodes = List.copyOf(nodes);
    }

    static KillMinority draw(Draw d) {
        return new KillMinority(d.order().subList(0, Math.min(d.maxFaulty(), d.order().size())));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.KILL_MINORITY;
    }

    @Override
    public String who() {
        return String.join(",", nodes);
    }

    @Override
    public List<String> nodes(Targets targets) {
        return nodes;
    }
}
