package dev.chaoskv.client.protocol;

/** A client request. Type codes and layouts are in docs/protocol.md. */
public sealed interface Request {
    int PUT = 0x01, GET = 0x02, DELETE = 0x03, CAS = 0x04, STATUS = 0x05, DUMP = 0x06;

    record Put(String key, byte[] value) implements Request {
    }

    record Get(String key) implements Request {
    }

    record Delete(String key) implements Request {
    }

    /** Compare-and-set; a null {@code expected} means "only if the key is absent". */
    record Cas(String key, byte[] expected, byte[] newValue) implements Request {
    }

    record Status() implements Request {
    }

    /** Every key and value this node has applied, with its applied LSN (for final-state checks). */
    record Dump() implements Request {
    }
}
