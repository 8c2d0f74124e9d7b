package dev.chaoskv.kvnode.wal;

/** Whether acknowledged records are forced to stable storage before a write is acknowledged. */
public enum FsyncMode {
    /** fsync once per batch of records (group commit): the safe default. */
    ALWAYS,
    /** Never fsync: a machine crash can lose acknowledged writes. For experiments only. */
    NEVER
}
