package dev.chaoskv.chaos.nemesis.fault;

import java.util.List;

/** kill -9 of some nodes; they restart, on the same data, when the window closes. */
public sealed interface Kill extends Fault permits KillOne, KillLeader, KillMinority {

    /** Whom, for the dry run: "n3", "the leader". */
    String who();

    /** The nodes to kill, resolved now. */
    List<String> nodes(Targets targets);

    @Override
    default String describe() {
        return kind().wireName() + ": " + who();
    }

    @Override
    default Injection resolve(Targets targets) {
        return new Injection.KillNodes(kind(), nodes(targets));
    }
}
