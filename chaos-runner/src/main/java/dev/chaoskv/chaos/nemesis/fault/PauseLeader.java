package dev.chaoskv.chaos.nemesis.fault;

/** pause-leader: SIGSTOP the leader of the moment the window opens. */
public record PauseLeader() implements Pause {

    static PauseLeader draw(Draw d) {
        return new PauseLeader();
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PAUSE_LEADER;
    }

    @Override
    public String who() {
        return "the leader";
    }

    @Override
    public String node(Targets targets) {
        return targets.leader();
    }
}
