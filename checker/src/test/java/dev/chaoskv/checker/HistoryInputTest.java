package dev.chaoskv.checker;

import org.junit.jupiter.api.Test;

import static dev.chaoskv.checker.HistoryInput.Format.EDN;
import static dev.chaoskv.checker.HistoryInput.Format.JSON_LINES;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which reader a history file gets: the content decides, the name only when the content cannot. */
class HistoryInputTest {
    @Test
    void contentDecidesWhateverTheName() {
        assertEquals(JSON_LINES, HistoryInput.format("{\"time\":1,\"process\":1}", "history.edn"));
        assertEquals(JSON_LINES, HistoryInput.format("\n  { \"time\":1}", "h.txt"));
        assertEquals(EDN, HistoryInput.format("{:process 0, :type :invoke}", "history.jsonl"));
        assertEquals(EDN, HistoryInput.format("\n[{:process 0}]", "h"));
        assertEquals(EDN, HistoryInput.format("; a comment\n{:process 0}", "h"));
        assertEquals(EDN, HistoryInput.format("#jepsen.history.Op{:index 0}", "h"));
    }

    @Test
    void theNameDecidesWhenTheContentCannot() {
        assertEquals(EDN, HistoryInput.format("", "history.edn"));
        assertEquals(JSON_LINES, HistoryInput.format("", "history.jsonl"));
        assertEquals(EDN, HistoryInput.format("garbage", "x.edn"));
        assertEquals(JSON_LINES, HistoryInput.format("garbage", "history.jsonl"));
    }
}
