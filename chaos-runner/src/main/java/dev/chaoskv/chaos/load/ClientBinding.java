package dev.chaoskv.chaos.load;

import java.util.Locale;

/**
 * Which node a client worker sends its operations to. Worker <i>i</i>'s own node is node
 * <i>i</i> mod <i>n</i> in both modes.
 */
public enum ClientBinding {
    /**
     * Start on the own node, follow NOT_LEADER hints and stay with the node that answered; after
     * an info move on to the next node. Clients gather on the leader of the majority, so a node
     * cut off from the others soon has none.
     */
    ANY,
    /**
     * Every operation goes to the own node first, as Jepsen's clients are bound to nodes. A
     * NOT_LEADER hint is still followed for that one operation (it was not applied, so that is
     * safe), and an info keeps the worker on its node. A node cut off from the others keeps its
     * clients, so whatever it answers on its own (a stale read) reaches the history.
     */
    NODE;

    public static ClientBinding parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be node or any, not '" + s + "'");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
