package dev.chaoskv.toxiproxy.core;

import java.util.OptionalDouble;

/** A request to change a toxic: a new toxicity if given, and attributes merged over the current ones. */
public record ToxicUpdate(OptionalDouble toxicity, GivenAttributes attributes) {
}
