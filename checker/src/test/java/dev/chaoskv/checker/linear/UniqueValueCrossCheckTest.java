package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.gen.StaleReadPlanter;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.testing.BruteForce;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The unique-value pass, the Wing–Gong search and the brute-force checker must agree on every
 * small generated history, with crashes, failures, deletes, random mutations and planted stale
 * reads. {@code -Dcrosscheck.cases=40000} runs the full offline count (the default keeps
 * {@code mvn test} fast).
 */
class UniqueValueCrossCheckTest {
    private static final int CASES = Integer.getInteger("crosscheck.cases", 8_000);
    /** Where the seeds start, to cover other histories in offline runs. */
    private static final long FIRST_SEED = Long.getLong("crosscheck.seed", 1);

    /** Small enough for brute force; every fourth has no deletes (the shape our workloads produce). */
    static List<Operation> smallHistory(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double delete = rnd.nextInt(4) == 0 ? 0 : 0.1;
        var c = GeneratorConfig.of(6 + rnd.nextInt(6), 1, 2 + rnd.nextInt(3), 0.05 + 0.2 * rnd.nextDouble(), seed)
                .withMix(0.35, 0.25, delete, 0).withFailRate(0.1);
        List<Operation> ops = RegisterHistoryGenerator.generate(c).history().operations();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                return ops;
            }
            case 1 -> {
                StaleReadPlanter.Planted planted = StaleReadPlanter.plant(ops, 1);
                if (!planted.staleReads().isEmpty()) {
                    return planted.operations();
                }
            }
            default -> {
            }
        }
        for (int m = 1 + rnd.nextInt(2); m > 0; m--) {
            ops = RandomizedLinearizabilityTest.randomMutation(ops, rnd);
        }
        return ops;
    }

    @Test
    void passSearchAndBruteForceNeverDisagree() {
        int decided = 0;
        int invalid = 0;
        int decidedInvalid = 0;
        int checked = 0;
        for (long seed = FIRST_SEED; checked < CASES; seed++) {
            List<Operation> ops = smallHistory(seed);
            boolean brute;
            try {
                brute = BruteForce.linearizable(ops);
            } catch (IllegalArgumentException tooLarge) {
                continue;
            }
            checked++;
            KeyProblem problem = PrePass.prepare("k0", ops).problem();
            SearchOutcome search = new WglSearch(problem, new SearchLimits(System.nanoTime() + 10_000_000_000L,
                    new MemoryBudget(64L << 20), new AtomicBoolean())).run();
            assertEquals(brute, search instanceof SearchOutcome.Linearizable, "search vs brute force, seed " + seed);
            invalid += brute ? 0 : 1;
            if (UniqueValuePass.decide(problem) instanceof UniqueValuePass.Outcome.Decided d) {
                decided++;
                boolean pass = d.outcome() instanceof SearchOutcome.Linearizable;
                if (pass != brute) {
                    fail("unique-value pass says " + (pass ? "linearizable" : d.conflict()) + ", brute force "
                            + brute + ", seed " + seed + ": " + ops);
                }
                if (d.outcome() instanceof SearchOutcome.Violation v) {
                    decidedInvalid++;
                    RandomizedLinearizabilityTest.assertPrefixReplays(problem, v, seed);
                }
            }
        }
        System.out.printf("unique-value cross-check: %d cases, %d non-linearizable; the pass decided %d"
                + " (%d of them non-linearizable), declined %d%n", checked, invalid, decided, decidedInvalid,
                checked - decided);
        assertTrue(invalid > checked / 5, "too few violations: " + invalid + "/" + checked);
        assertTrue(decided > checked * 3 / 4, "the pass declined too often: decided " + decided + "/" + checked);
        assertTrue(decidedInvalid > invalid / 2, "the pass decided only " + decidedInvalid + " of " + invalid
                + " violations");
    }

    /** Histories too large for brute force: the pass and the search must still agree. */
    @Test
    void passAndSearchAgreeOnMediumHistories() {
        int decided = 0;
        int invalid = 0;
        int cases = CASES / 8;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + cases; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            var c = GeneratorConfig.of(40 + rnd.nextInt(80), 1 + rnd.nextInt(2), 3 + rnd.nextInt(6),
                    0.1 * rnd.nextDouble(), seed).withMix(0.45, 0.2, rnd.nextBoolean() ? 0 : 0.05, 0);
            List<Operation> ops = RegisterHistoryGenerator.generate(c).history().operations();
            ops = rnd.nextBoolean() ? StaleReadPlanter.plant(ops, 1 + rnd.nextInt(2)).operations()
                    : RandomizedLinearizabilityTest.randomMutation(ops, rnd);
            for (String key : List.of("k0", "k1")) {
                List<Operation> keyOps = ops.stream().filter(o -> o.key().equals(key)).toList();
                KeyProblem problem = PrePass.prepare(key, keyOps).problem();
                SearchOutcome search = new WglSearch(problem, new SearchLimits(System.nanoTime() + 10_000_000_000L,
                        new MemoryBudget(256L << 20), new AtomicBoolean())).run();
                if (search instanceof SearchOutcome.Unknown) {
                    continue;
                }
                boolean linearizable = search instanceof SearchOutcome.Linearizable;
                invalid += linearizable ? 0 : 1;
                if (UniqueValuePass.decide(problem) instanceof UniqueValuePass.Outcome.Decided d) {
                    decided++;
                    assertEquals(linearizable, d.outcome() instanceof SearchOutcome.Linearizable,
                            "pass vs search, seed " + seed + " key " + key + ": " + d.conflict());
                    if (d.outcome() instanceof SearchOutcome.Violation v) {
                        RandomizedLinearizabilityTest.assertPrefixReplays(problem, v, seed);
                    }
                }
            }
        }
        System.out.printf("unique-value vs search on medium histories: %d seeds, %d keys decided by the pass,"
                + " %d non-linearizable keys%n", cases, decided, invalid);
        assertTrue(invalid > cases / 4, "too few violations: " + invalid);
    }
}
