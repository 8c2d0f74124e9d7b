package dev.chaoskv.chaos.nemesis.fault;

import java.util.List;

/** kill-leader: kill -9 the leader of the moment the window opens. */
public record KillLeader() implements Kill {

    static KillLeader draw(Draw d) {
        return new KillLeader();
    }

    @Override
    public FaultKind kind() {
        return FaultKind.KILL_LEADER;
    }

    @Override
    public String who() {
        return "the leader";
    }

    @Override
    public List<String> nodes(Targets targets) {
        return List.of(targets.leader());
    }
}
