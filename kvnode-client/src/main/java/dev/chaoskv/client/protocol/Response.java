package dev.chaoskv.client.protocol;

import java.util.Map;

/**
 * A server response. Which ones mean "definitely not applied" and which mean "unknown" is the
 * contract with the chaos runner (see docs/protocol.md): NOT_LEADER, REJECTED and ERROR are
 * definite failures; TIMEOUT is unknown.
 */
public sealed interface Response {
    int OK = 0x80, NOT_FOUND = 0x81, CAS_MISMATCH = 0x82, NOT_LEADER = 0x83, REJECTED = 0x84,
            TIMEOUT = 0x85, ERROR = 0x86, STATUS = 0x87, DUMP = 0x88;

    /** Success: for writes the LSN of the committed entry; for reads the value (never null) and applied LSN. */
    record Ok(long lsn, byte[] value) implements Response {
    }

    record NotFound(long lsn) implements Response {
    }

    /** The CAS wrote nothing; {@code current} is the value it found (null = absent). */
    record CasMismatch(long lsn, byte[] current) implements Response {
    }

    /** This node does not lead; {@code leaderId}/{@code leaderAddress} are empty when no leader is known. */
    record NotLeader(String leaderId, String leaderAddress) implements Response {
    }

    /** Definitely not applied (e.g. the leader cannot reach a quorum; checked before appending). */
    record Rejected(String message) implements Response {
    }

    /** Appended but not known to be committed in time: the outcome is unknown. */
    record Timeout(String message) implements Response {
    }

    record Error(String message) implements Response {
    }

    record Status(String json) implements Response {
    }

    record Dump(long appliedLsn, Map<String, byte[]> data) implements Response {
    }
}
