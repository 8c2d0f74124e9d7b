package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.verdict.Validity;

import java.util.List;

/**
 * @param keys            register keys in the history
 * @param keysLinearizable keys proven linearizable
 * @param violations      one counterexample per key proven non-linearizable
 * @param unknownKeys     keys the search could not finish, with the reason
 * @param keysNotChecked  keys left unchecked because an earlier key already proved a violation
 * @param keysByUniqueValuePass keys decided by the unique-value pass, without the search
 * @param statesExplored  memo entries created over all keys
 */
public record LinearizabilityResult(Validity validity, int keys, int keysLinearizable,
                                    List<Counterexample> violations, List<UnknownKey> unknownKeys,
                                    int keysNotChecked, int keysByUniqueValuePass, PrePassStats prePass, long statesExplored,
                                    long elapsedNanos) {

    public record UnknownKey(String key, int operations, String reason) {
    }
}
