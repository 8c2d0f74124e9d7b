package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.toxics.StreamDirection;
import dev.chaoskv.toxiproxy.toxics.ToxicType;

/** A request to add a toxic, defaults applied. {@code streamText} is echoed back as it was sent. */
public record NewToxic(String name, ToxicType type, StreamDirection stream, String streamText, float toxicity,
        GivenAttributes attributes) {
}
