package dev.chaoskv.toxiproxy.core;

import java.util.Optional;

/** A request to change a proxy: fields left empty keep their current values. */
public record ProxyUpdate(Optional<String> listen, Optional<String> upstream, Optional<Boolean> enabled) {
}
