package dev.chaoskv.checker.gen;

import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.state.FinalState;

/** A generated history with the final state a correct cluster would report for it. */
public record GeneratedRun(History history, FinalState finalState) {
}
