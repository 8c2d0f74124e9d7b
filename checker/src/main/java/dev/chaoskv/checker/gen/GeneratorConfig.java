package dev.chaoskv.checker.gen;

/**
 * Shape of a generated register history.
 *
 * @param operations        client operations to generate
 * @param keys              register keys (k0..k{keys-1})
 * @param processes         concurrent client slots (a crashed process is replaced by a new id)
 * @param crashRate         fraction of operations that end info (timeout / crash)
 * @param exactCrashedWrites when >= 0: exactly this many writes crash and nothing else does
 *                          (crashRate is then ignored)
 * @param crashApplyProbability chance that a crashed write/cas/delete took effect anyway
 * @param failRate          fraction of writes rejected with fail (they do not take effect)
 * @param readFraction      share of reads; the rest are writes, cas and deletes
 * @param casFraction       share of cas
 * @param deleteFraction    share of deletes
 * @param addFraction       share of set-workload adds (each to a fresh key)
 * @param seed              random seed; equal configs give equal histories
 */
public record GeneratorConfig(int operations, int keys, int processes, double crashRate, int exactCrashedWrites,
                              double crashApplyProbability, double failRate, double readFraction,
                              double casFraction, double deleteFraction, double addFraction, long seed) {

    public static GeneratorConfig of(int operations, int keys, int processes, double crashRate, long seed) {
        return new GeneratorConfig(operations, keys, processes, crashRate, -1, 0.5, 0.01, 0.5, 0.1, 0.02, 0.0, seed);
    }

    public GeneratorConfig withExactCrashedWrites(int n, double applyProbability) {
        return new GeneratorConfig(operations, keys, processes, 0, n, applyProbability, failRate, readFraction,
                casFraction, deleteFraction, addFraction, seed);
    }

    public GeneratorConfig withMix(double read, double cas, double delete, double add) {
        return new GeneratorConfig(operations, keys, processes, crashRate, exactCrashedWrites, crashApplyProbability,
                failRate, read, cas, delete, add, seed);
    }

    public GeneratorConfig withFailRate(double rate) {
        return new GeneratorConfig(operations, keys, processes, crashRate, exactCrashedWrites, crashApplyProbability,
                rate, readFraction, casFraction, deleteFraction, addFraction, seed);
    }

    public GeneratorConfig withSeed(long s) {
        return new GeneratorConfig(operations, keys, processes, crashRate, exactCrashedWrites, crashApplyProbability,
                failRate, readFraction, casFraction, deleteFraction, addFraction, s);
    }
}
