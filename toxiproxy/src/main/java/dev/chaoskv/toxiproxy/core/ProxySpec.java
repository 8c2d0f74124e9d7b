package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;

/** A proxy to create, as a create or populate request gives it; {@code enabled} defaults to true. */
public record ProxySpec(String name, String listen, String upstream, boolean enabled) {

    /**
     * The real server's required-field check, then this server's own: a name that can be
     * addressed in a URL path, an upstream that is host:port and not the proxy's own listen
     * address. {@code suffix} is " at proxy N" for populate.
     */
    void requireNameAndUpstream(String suffix) throws InvalidSpec, Malformed {
        if (name.isEmpty()) {
            throw new InvalidSpec("missing required field: name" + suffix);
        }
        if (upstream.isEmpty()) {
            throw new InvalidSpec("missing required field: upstream" + suffix);
        }
        PathSegmentName.require("proxy", name, suffix);
        // Stricter than the real server, which only fails at dial time: a malformed upstream is refused here.
        HostPort.parse(upstream, "upstream");
        SelfUpstream.refuse(name, listen, upstream, suffix);
    }
}
