package dev.chaoskv.chaos.nemesis.fault;

/** pause-one: SIGSTOP one random node. */
public record PauseOne(String node) implements Pause {

    static PauseOne draw(Draw d) {
        return new PauseOne(d.order().get(0));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PAUSE_ONE;
    }

    @Override
    public String who() {
        return node;
    }

    @Override
    public String node(Targets targets) {
        return node;
    }
}
