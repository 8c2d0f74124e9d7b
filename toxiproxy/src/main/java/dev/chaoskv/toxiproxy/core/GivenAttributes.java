package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.toxics.AttributeValues;
import dev.chaoskv.toxiproxy.toxics.ToxicType;

/**
 * The attribute values a request gives for a toxic, read only when the core asks: after the
 * toxic's name was checked, so that a taken name is reported (409) even when the attributes
 * are malformed, as in the real server, which decodes the attributes last.
 */
@FunctionalInterface
public interface GivenAttributes {

    /** The type's values: those the request gives, the others as in {@code current}. */
    AttributeValues over(ToxicType type, AttributeValues current) throws ToxiproxyException.Malformed;
}
