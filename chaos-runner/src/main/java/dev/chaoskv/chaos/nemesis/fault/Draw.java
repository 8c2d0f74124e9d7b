package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.CutMode;

import java.util.List;
import java.util.Random;

/**
 * The seeded choices of one fault window, made in the same order whatever kind was drawn (so a
 * seed always gives the same schedule); each kind takes what it needs.
 *
 * @param order     the node ids in a seeded order (random targets are its first entries)
 * @param mode      the cut mode of a partition
 * @param outbound  the direction of a one-way partition
 * @param maxFaulty most nodes one fault may take out
 * @param random    for choices only one kind makes, after all of the above
 */
public record Draw(List<String> order, CutMode mode, boolean outbound, int maxFaulty, Random random) {
}
