package dev.chaoskv.chaos.load;

/** One client operation as the history records it. */
public sealed interface Op {
    String key();

    /** The history's "f". */
    String f();

    record Read(String key) implements Op {
        public String f() {
            return "read";
        }
    }

    record Write(String key, String value) implements Op {
        public String f() {
            return "write";
        }
    }

    /** {@code expected == null} means "only if absent". */
    record Cas(String key, String expected, String value) implements Op {
        public String f() {
            return "cas";
        }
    }

    /** Set workload: insert a fresh unique key (a put of a key nobody else writes). */
    record Add(String key, String value) implements Op {
        public String f() {
            return "add";
        }
    }
}
