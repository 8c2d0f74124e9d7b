package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;
import dev.chaoskv.checker.testing.BruteForce;
import dev.chaoskv.checker.verdict.Validity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated histories of a correct register (linearizable by construction) must pass; mutations
 * built so that they provably break linearizability must fail; and on small histories the
 * checker must agree with an independent brute-force checker, mutated or not.
 */
class RandomizedLinearizabilityTest {

    static Validity verdict(List<Operation> ops) {
        return new LinearizabilityChecker().check(ops, new LinearizabilityChecker.Options(
                System.nanoTime() + 30_000_000_000L, 512L << 20, 2, true)).validity();
    }

    static GeneratorConfig medium(long seed) {
        return GeneratorConfig.of(1_500, 4, 8, 0.05, seed).withMix(0.45, 0.15, 0.05, 0.02).withFailRate(0.03);
    }

    @Test
    void generatedHistoriesWithCrashesAndTimeoutsAreLinearizable() {
        for (long seed = 1; seed <= 25; seed++) {
            List<Operation> ops = RegisterHistoryGenerator.generate(medium(seed)).history().operations();
            assertEquals(Validity.VALID, verdict(ops), "seed " + seed);
        }
    }

    @Test
    void manyProcessesOnOneKeyIsLinearizable() {
        var c = GeneratorConfig.of(3_000, 1, 32, 0.01, 7);
        assertEquals(Validity.VALID, verdict(RegisterHistoryGenerator.generate(c).history().operations()));
    }

    /** Mutation: a read returns a value nobody wrote. */
    static Optional<List<Operation>> readNeverWrittenValue(List<Operation> ops, SplittableRandom rnd) {
        List<Integer> reads = indexes(ops, o -> o.f() == Fn.READ && o.isOk());
        if (reads.isEmpty()) {
            return Optional.empty();
        }
        int i = reads.get(rnd.nextInt(reads.size()));
        List<Operation> out = new ArrayList<>(ops);
        out.set(i, ops.get(i).withValue("ghost-" + i));
        return Optional.of(out);
    }

    /** Mutation: a read returns a value that an acknowledged write had overwritten before the read began. */
    static Optional<List<Operation>> staleRead(List<Operation> ops, SplittableRandom rnd) {
        List<Operation> writes = ops.stream().filter(o -> o.f() == Fn.WRITE && o.isOk()).toList();
        for (Operation r : shuffled(ops.stream().filter(o -> o.f() == Fn.READ && o.isOk()).toList(), rnd)) {
            for (Operation old : writes) {
                if (!old.key().equals(r.key()) || old.completeTime() >= r.invokeTime()) {
                    continue;
                }
                boolean overwritten = writes.stream().anyMatch(x -> x.key().equals(r.key()) && x != old
                        && x.invokeTime() > old.completeTime() && x.completeTime() < r.invokeTime());
                if (overwritten) {
                    List<Operation> out = new ArrayList<>(ops);
                    out.set(r.id(), r.withValue(old.value()));
                    return Optional.of(out);
                }
            }
        }
        return Optional.empty();
    }

    /** Mutation: drop an acknowledged write whose value a read returned. */
    static Optional<List<Operation>> dropObservedWrite(List<Operation> ops, SplittableRandom rnd) {
        for (Operation w : shuffled(ops.stream().filter(o -> o.f() == Fn.WRITE && o.isOk()).toList(), rnd)) {
            boolean observed = ops.stream().anyMatch(r -> r.f() == Fn.READ && r.isOk() && w.value().equals(r.value()));
            if (observed) {
                List<Operation> out = new ArrayList<>(ops);
                out.remove(w.id());
                return Optional.of(renumber(out));
            }
        }
        return Optional.empty();
    }

    /** Mutation: move a read's completion before the invocation of the write it observed. */
    static Optional<List<Operation>> completeBeforeWriteInvoked(List<Operation> ops, SplittableRandom rnd) {
        for (Operation r : shuffled(ops.stream().filter(o -> o.f() == Fn.READ && o.isOk() && o.value() != null).toList(), rnd)) {
            Operation w = ops.stream().filter(o -> (o.f() == Fn.WRITE || o.f() == Fn.CAS) && r.value().equals(o.value()))
                    .findFirst().orElseThrow();
            if (r.invokeTime() < w.invokeTime()) {
                List<Operation> out = new ArrayList<>(ops);
                out.set(r.id(), r.withTimes(r.invokeTime(), w.invokeTime() - 1));
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    @Test
    void provablyBrokenMutationsAreAllRejected() {
        List<BiFunction<List<Operation>, SplittableRandom, Optional<List<Operation>>>> mutations = List.of(
                RandomizedLinearizabilityTest::readNeverWrittenValue, RandomizedLinearizabilityTest::staleRead,
                RandomizedLinearizabilityTest::dropObservedWrite,
                RandomizedLinearizabilityTest::completeBeforeWriteInvoked);
        int[] applied = new int[mutations.size()];
        for (long seed = 1; seed <= 15; seed++) {
            List<Operation> ops = RegisterHistoryGenerator.generate(medium(seed)).history().operations();
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int m = 0; m < mutations.size(); m++) {
                Optional<List<Operation>> mutated = mutations.get(m).apply(ops, rnd);
                if (mutated.isPresent()) {
                    applied[m]++;
                    assertEquals(Validity.INVALID, verdict(mutated.get()), "mutation " + m + " seed " + seed);
                }
            }
        }
        for (int m = 0; m < applied.length; m++) {
            assertTrue(applied[m] >= 10, "mutation " + m + " applied only " + applied[m] + " times");
        }
    }

    @Test
    void smallHistoriesAgreeWithBruteForceWithAndWithoutRandomMutations() {
        int invalid = 0;
        int checked = 0;
        for (long seed = 1; seed <= 1_500; seed++) {
            var c = GeneratorConfig.of(7, 1, 3, 0.2, seed).withMix(0.4, 0.2, 0.1, 0).withFailRate(0.1);
            List<Operation> ops = RegisterHistoryGenerator.generate(c).history().operations();
            assertEquals(Validity.VALID, verdict(ops), "generated seed " + seed);
            assertTrue(BruteForce.linearizable(ops), "brute force disagrees with the generator, seed " + seed);
            List<Operation> mutated = randomMutation(ops, new SplittableRandom(seed * 31));
            boolean expected = BruteForce.linearizable(mutated);
            Validity got = verdict(mutated);
            assertEquals(expected ? Validity.VALID : Validity.INVALID, got, "seed " + seed + ": " + mutated);
            checked++;
            invalid += expected ? 0 : 1;
        }
        assertTrue(invalid > checked / 10, "too few mutations broke the history: " + invalid + "/" + checked);
    }

    @Test
    void longestLinearizablePrefixOfAViolationReplaysLegally() {
        int violations = 0;
        for (long seed = 1; seed <= 600; seed++) {
            var c = GeneratorConfig.of(9, 1, 3, 0.15, seed).withMix(0.4, 0.2, 0.1, 0).withFailRate(0.1);
            List<Operation> ops = randomMutation(RegisterHistoryGenerator.generate(c).history().operations(),
                    new SplittableRandom(seed));
            KeyProblem problem = PrePass.prepare("k0", ops.stream().filter(o -> o.key().equals("k0")).toList()).problem();
            SearchOutcome outcome = new WglSearch(problem, new SearchLimits(System.nanoTime() + 10_000_000_000L,
                    new MemoryBudget(64L << 20), new java.util.concurrent.atomic.AtomicBoolean())).run();
            if (!(outcome instanceof SearchOutcome.Violation v)) {
                continue;
            }
            violations++;
            assertPrefixReplays(problem, v, seed);
        }
        assertTrue(violations > 50, "only " + violations + " violations generated");
    }

    /**
     * The prefix reported with a violation (by the search or the unique-value pass) is a legal
     * register execution of distinct operations that leaves the reported state, without the
     * blocking operation.
     */
    static void assertPrefixReplays(KeyProblem problem, SearchOutcome.Violation v, long seed) {
        int state = 0;
        boolean[] used = new boolean[problem.n];
        for (int op : v.prefix()) {
            assertTrue(!used[op], "operation repeated in the prefix, seed " + seed);
            used[op] = true;
            state = problem.step(op, state);
            assertTrue(state >= 0, "prefix is not a legal register execution, seed " + seed);
        }
        assertEquals(v.stateAfter(), state, "seed " + seed);
        assertTrue(!used[v.blockingOp()], "the blocking operation is not in the prefix, seed " + seed);
    }

    /** Any of: change a read's value, move a completion earlier, drop an operation, flip an outcome. */
    static List<Operation> randomMutation(List<Operation> ops, SplittableRandom rnd) {
        List<Operation> out = new ArrayList<>(ops);
        int i = rnd.nextInt(ops.size());
        Operation op = ops.get(i);
        List<String> values = new ArrayList<>();
        values.add(null);
        ops.stream().filter(o -> o.f() == Fn.WRITE || o.f() == Fn.CAS).forEach(o -> values.add(o.value()));
        switch (rnd.nextInt(4)) {
            case 0 -> {
                Operation read = ops.stream().filter(o -> o.f() == Fn.READ && o.isOk()).findAny().orElse(op);
                out.set(read.id(), read.withValue(values.get(rnd.nextInt(values.size()))));
            }
            case 1 -> {
                if (op.hasCompletion() && op.completeTime() > op.invokeTime()) {
                    out.set(i, op.withTimes(op.invokeTime(), op.invokeTime() + rnd.nextLong(op.completeTime() - op.invokeTime())));
                }
            }
            case 2 -> {
                out.remove(i);
                return renumber(out);
            }
            default -> {
                if (op.f() != Fn.READ && op.outcome() != Outcome.OK) {
                    out.set(i, new Operation(op.id(), op.process(), op.f(), op.key(), op.expected(), op.value(),
                            Outcome.OK, op.invokeTime(), op.hasCompletion() ? op.completeTime() : op.invokeTime() + 1,
                            null, 0, 0));
                }
            }
        }
        return out;
    }

    static List<Operation> renumber(List<Operation> ops) {
        List<Operation> out = new ArrayList<>(ops.size());
        for (Operation o : ops) {
            out.add(o.withId(out.size()));
        }
        return out;
    }

    static List<Integer> indexes(List<Operation> ops, java.util.function.Predicate<Operation> p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (p.test(ops.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    static <T> List<T> shuffled(List<T> items, SplittableRandom rnd) {
        List<T> out = new ArrayList<>(items);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }
}
