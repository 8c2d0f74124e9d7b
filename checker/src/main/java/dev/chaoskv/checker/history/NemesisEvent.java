package dev.chaoskv.checker.history;

/**
 * A fault-injection event (process "nemesis"). Checkers ignore them except for the time of
 * the final "heal", which anchors time-to-converge.
 *
 * @param valueJson the event's "value" as compact JSON text ("null" when absent)
 */
public record NemesisEvent(long time, String type, String f, String valueJson, int line) {
    public boolean isHeal() {
        return "heal".equals(f);
    }
}
