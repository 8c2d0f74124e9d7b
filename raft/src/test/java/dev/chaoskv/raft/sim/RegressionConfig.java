package dev.chaoskv.raft.sim;

import dev.chaoskv.raft.RaftConfig;

import java.util.List;

/** The setup of the regression tests that drive one core by hand. */
final class RegressionConfig {
    private RegressionConfig() {
    }

    /**
     * n1 of three, which campaigns at its first tick without Pre-Vote (so one granted VoteResp
     * elects it) and without CheckQuorum (so it stays leader while the test ticks); short timers
     * and a window of four Appends.
     */
    static RaftConfig leaderAtFirstTick() {
        return RaftConfig.builder("n1", List.of("n2", "n3"))
                .electionTicks(10).heartbeatTicks(2).followerTimeoutTicks(50)
                .campaignAtStart(true).preVote(false).checkQuorum(false)
                .maxInflight(4).build();
    }
}
