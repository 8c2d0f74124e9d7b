package dev.chaoskv.raft.log;

/** What a log entry does to the key/value state when applied. Codes are on disk and on the wire. */
public enum EntryType {
    /** Written by a new leader when it takes office, so it can commit entries of earlier terms. */
    NOOP(0),
    PUT(1),
    DELETE(2),
    /** Value holds the expected and the new value (see {@link CasPayload}); decided at apply time. */
    CAS(3);

    public final int code;

    EntryType(int code) {
        this.code = code;
    }

    public static EntryType ofCode(int code) {
        return switch (code) {
            case 0 -> NOOP;
            case 1 -> PUT;
            case 2 -> DELETE;
            case 3 -> CAS;
            default -> throw new IllegalArgumentException("unknown entry type code " + code);
        };
    }
}
