package dev.chaoskv.kvnode.server;

import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.kvnode.metrics.NodeGauges;
import dev.chaoskv.kvnode.transport.LinkEvent;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.log.Entry;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Something for the event loop to do, posted by a client, peer, link or snapshot thread. */
sealed interface NodeEvent {

    record PeerMessage(Message message) implements NodeEvent {
    }

    record Link(LinkEvent event) implements NodeEvent {
    }

    record Write(Entry command, CompletableFuture<Response> reply) implements NodeEvent {
    }

    record Read(String key, CompletableFuture<Response> reply) implements NodeEvent {
    }

    /** Requests one client I/O loop turn started, in the order it read them: one queue operation for all of them. */
    record Requests(List<NodeEvent> events) implements NodeEvent {
    }

    record Status(CompletableFuture<String> reply) implements NodeEvent {
    }

    record Dump(CompletableFuture<Response> reply) implements NodeEvent {
    }

    /** A metrics scrape asks for the values the loop owns. */
    record Gauges(CompletableFuture<NodeGauges> reply) implements NodeEvent {
    }

    record InboundClosed(String peer) implements NodeEvent {
    }

    /** A peer's plaintext stream, authenticated, for the raft loop to read from now on. */
    record InboundOpened(InboundStream stream) implements NodeEvent {
    }

    /** {@code lsn} is -1 when writing failed. */
    record SnapshotWritten(long lsn, long term, int keys, long millis) implements NodeEvent {
    }

    record SnapshotSent(String peer, boolean ok) implements NodeEvent {
    }

    record InstallSnapshot(SnapshotReceiver.Received received) implements NodeEvent {
    }
}
