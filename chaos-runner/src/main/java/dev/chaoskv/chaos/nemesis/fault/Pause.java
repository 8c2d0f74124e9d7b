package dev.chaoskv.chaos.nemesis.fault;

/** SIGSTOP of one node; SIGCONT when the window closes. */
public sealed interface Pause extends Fault permits PauseOne, PauseLeader {

    /** Whom, for the dry run: "n3", "the leader". */
    String who();

    /** The node to pause, resolved now. */
    String node(Targets targets);

    @Override
    default String describe() {
        return kind().wireName() + ": " + who();
    }

    @Override
    default Injection resolve(Targets targets) {
        return new Injection.PauseNodes(kind(), java.util.List.of(node(targets)));
    }
}
