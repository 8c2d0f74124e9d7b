package dev.chaoskv.kvnode.transport;

/** A change of an outbound peer link, delivered to the node's event loop. */
public sealed interface LinkEvent {
    String peer();

    record Up(String peer) implements LinkEvent {
    }

    record Down(String peer, String reason) implements LinkEvent {
    }
}
