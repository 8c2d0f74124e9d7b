package dev.chaoskv.kvnode.state;

/** What applying one committed entry did; the leader turns it into the client's response. */
public sealed interface ApplyResult {
    /** The entry took effect (PUT, DELETE, successful CAS, NOOP). */
    record Applied(long lsn) implements ApplyResult {
    }

    /** A CAS whose expected value did not match: it wrote nothing. {@code current} is null when the key is absent. */
    record CasMismatch(long lsn, byte[] current) implements ApplyResult {
    }
}
