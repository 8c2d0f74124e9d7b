package dev.chaoskv.kvnode.wal;

/**
 * What opening a WAL may drop.
 *
 * @param commitHint          the last LSN known to have been committed: a record at or below it
 *                            was acknowledged, so losing it is never a torn tail
 * @param truncateCorruption  the operator's recovery flag: cut the log at the first damaged record
 *                            (and delete every later segment) instead of refusing to start
 */
public record WalRecoveryRules(long commitHint, boolean truncateCorruption) {
    /** No commit hint, and refuse anything that is not a torn tail. */
    public static final WalRecoveryRules STRICT = new WalRecoveryRules(0, false);
}
