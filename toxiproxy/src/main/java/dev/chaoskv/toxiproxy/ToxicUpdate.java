package dev.chaoskv.toxiproxy;

import java.util.OptionalDouble;

/** A request to change a toxic: a new toxicity if given, and attributes merged over the current ones. */
record ToxicUpdate(OptionalDouble toxicity, GivenAttributes attributes) {
}
