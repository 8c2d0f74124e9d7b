package dev.chaoskv.kvnode.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.kvnode.transport.PeerLink;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.raft.RaftCore;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The STATUS answer: this node's role, log, state, peers, WAL and unsafe settings as JSON (the
 * fields are listed in protocol.md). Built on the event-loop thread, which owns the core.
 */
final class StatusReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeConfig cfg;
    private final RaftCore core;
    private final KvState state;
    private final Wal wal;
    private final Collection<PeerLink> links;

    StatusReport(NodeConfig cfg, RaftCore core, KvState state, Wal wal, Collection<PeerLink> links) {
        this.cfg = cfg;
        this.core = core;
        this.state = state;
        this.wal = wal;
        this.links = links;
    }

    String json(String role, long snapshotLsn) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", cfg.identity().id());
        o.put("address", cfg.identity().host() + ":" + cfg.identity().port());
        o.put("role", role);
        o.put("term", core.term());
        if (core.leader() == null) o.putNull("leader"); else o.put("leader", core.leader());
        o.put("lastLsn", core.lastLsn());
        o.put("commitLsn", core.commitLsn());
        o.put("appliedLsn", state.appliedLsn());
        o.put("digest", state.digest());
        o.put("keys", state.size());
        o.put("quorum", cfg.membership().effectiveQuorum());
        o.put("clusterSize", cfg.membership().clusterSize());
        o.put("readMode", cfg.clients().readMode().name().toLowerCase());
        ArrayNode peers = o.putArray("peers");
        Map<String, RaftCore.PeerView> views = new HashMap<>();
        for (RaftCore.PeerView v : core.peers()) views.put(v.id(), v);
        for (PeerLink l : links) {
            ObjectNode p = peers.addObject();
            p.put("id", l.peerId());
            p.put("address", l.address().getHostString() + ":" + l.address().getPort());
            RaftCore.PeerView v = views.get(l.peerId());
            if (v != null) {
                p.put("online", v.online());
                p.put("matchLsn", v.matchLsn());
                p.put("lag", v.lag());
            } else {
                p.put("online", l.connected());
                p.putNull("matchLsn");
                p.putNull("lag");
            }
        }
        o.put("snapshotLsn", snapshotLsn);
        ObjectNode w = o.putObject("wal");
        w.put("firstLsn", wal.firstLsn());
        w.put("segments", wal.segmentCount());
        w.put("appendedRecords", wal.appendedCount());
        w.put("fsyncs", wal.fsyncCount());
        w.put("fsync", cfg.storage().fsync().name().toLowerCase());
        ArrayNode unsafe = o.putArray("unsafe");
        for (String setting : cfg.unsafeSettings()) unsafe.add(setting);
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
