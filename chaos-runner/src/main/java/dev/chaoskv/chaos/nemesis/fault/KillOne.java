package dev.chaoskv.chaos.nemesis.fault;

import java.util.List;

/** kill-one: kill -9 one random node. */
public record KillOne(String node) implements Kill {

    static KillOne draw(Draw d) {
        return new KillOne(d.order().get(0));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.KILL_ONE;
    }

    @Override
    public String who() {
        return node;
    }

    @Override
    public List<String> nodes(Targets targets) {
        return List.of(node);
    }
}
