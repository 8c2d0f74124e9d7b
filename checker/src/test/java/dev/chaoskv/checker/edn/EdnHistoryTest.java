package dev.chaoskv.checker.edn;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryFormatException;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jepsen/Knossos EDN histories into the checker's model: shapes, values, errors. */
class EdnHistoryTest {

    static History read(String edn) throws Exception {
        return EdnHistory.read(() -> new StringReader(edn), "h.edn");
    }

    static History resource(String name) throws Exception {
        return EdnHistory.read(() -> new InputStreamReader(Objects.requireNonNull(
                EdnHistoryTest.class.getResourceAsStream("/edn/" + name)), StandardCharsets.UTF_8), name);
    }

    private static HistoryFormatException bad(String edn) {
        return assertThrows(HistoryFormatException.class, () -> read(edn));
    }

    @Test
    void vectorOfMapsIsOneCasRegisterWithFileOrderAsTime() throws Exception {
        History h = resource("cas-register-valid.edn");
        assertEquals(9, h.operations().size());
        assertTrue(h.operations().stream().allMatch(o -> o.key().equals("register")));
        Operation first = h.operations().get(0);
        assertEquals(Fn.WRITE, first.f());
        assertEquals("1", first.value());
        assertEquals(0, first.invokeTime());
        assertEquals(2, first.completeTime());
        assertEquals(4, first.invokeLine()); // the map's own line inside the vector
        Operation crashed = h.operations().get(2);
        assertEquals(Outcome.INFO, crashed.outcome());
        assertEquals("2", crashed.value());
        Operation cas = h.operations().get(5);
        assertEquals(Fn.CAS, cas.f());
        assertEquals("1", cas.expected());
        assertEquals("3", cas.value());
        assertEquals(Outcome.FAIL, h.operations().get(7).outcome());
        assertEquals(2, h.nemesis().size());
        assertEquals("[\"n1\",\"n2\"]", h.nemesis().get(0).valueJson());
    }

    @Test
    void mapPerLineWithTuplesIsIndependentKeys() throws Exception {
        History h = resource("independent-two-keys.edn");
        assertEquals(List.of(":x", ":y", ":x", ":y", ":x", ":y"), h.operations().stream().map(Operation::key).toList());
        Operation cas = h.operations().get(3);
        assertEquals("5", cas.expected());
        assertEquals("6", cas.value());
        assertEquals(25, cas.invokeTime());
        assertEquals("5", h.operations().get(5).value());
        assertEquals(12, h.operations().get(5).completeLine());
    }

    @Test
    void aReadInvokeWithNilValueMakesItOneRegisterEvenWithVectorValues() throws Exception {
        History h = read("""
                {:process 0, :type :invoke, :f :write, :value [1 2]}
                {:process 0, :type :ok, :f :write, :value [1 2]}
                {:process 0, :type :invoke, :f :read, :value nil}
                {:process 0, :type :ok, :f :read, :value (1 2)}
                """);
        assertEquals("register", h.operations().get(0).key());
        assertEquals("[1 2]", h.operations().get(0).value());
        assertEquals("[1 2]", h.operations().get(1).value()); // a list equals a vector in EDN
    }

    @Test
    void valuesOfAnyTypeHaveTheirCanonicalEdnText() {
        assertEquals("1", EdnText.of(EdnReader.parse("1N")));
        assertEquals("1.0", EdnText.of(EdnReader.parse("1.0")));
        assertEquals("\"1\"", EdnText.of(EdnReader.parse("\"1\"")));
        assertEquals(":a", EdnText.of(EdnReader.parse(":a")));
        assertEquals(EdnText.of(EdnReader.parse("{:b 2, :a 1}")), EdnText.of(EdnReader.parse("{:a 1 :b 2}")));
        assertEquals(EdnText.of(EdnReader.parse("#{3 1 2}")), EdnText.of(EdnReader.parse("#{1 2 3}")));
        assertEquals("1/2", EdnText.of(EdnReader.parse("2/4")));
        assertEquals("1.5M", EdnText.of(EdnReader.parse("1.50M")));
        assertNotEquals(EdnText.of(EdnReader.parse("[1 2]")), EdnText.of(EdnReader.parse("#{1 2}")));
        assertEquals("[\\a #inst \"2020-01-01\" sym]", EdnText.of(EdnReader.parse("[\\a #inst \"2020-01-01\" #_ 9 sym]")));
    }

    @Test
    void writeOfNilIsADeleteAndCasFromNilExpectsAbsent() throws Exception {
        History h = read("""
                {:process 0, :type :invoke, :f :write, :value nil}
                {:process 0, :type :ok, :f :write, :value nil}
                {:process 0, :type :invoke, :f :cas, :value [nil :a]}
                {:process 0, :type :ok, :f :cas, :value [nil :a]}
                """);
        assertEquals(Fn.DELETE, h.operations().get(0).f());
        assertNull(h.operations().get(1).expected());
        assertEquals(":a", h.operations().get(1).value());
    }

    @Test
    void aCrashedIndependentOpWithoutItsTupleKeepsItsInvocationsKey() throws Exception {
        History h = read("""
                {:process 0, :type :invoke, :f :write, :value ["k" 1]}
                {:process 0, :type :info, :f :write, :value nil}
                {:process 1, :type :invoke, :f :read, :value ["k" nil]}
                """);
        assertEquals("\"k\"", h.operations().get(0).key());
        assertEquals(Outcome.INFO, h.operations().get(0).outcome());
        assertEquals("1", h.operations().get(0).value());
        assertEquals(1, h.unfinished());
    }

    @Test
    void jepsenOpRecordsAndCommentsAreRead() throws Exception {
        History h = read("""
                ; from a Jepsen store
                #jepsen.history.Op{:index 0, :time 5, :type :invoke, :process 0, :f :read, :value nil}
                #jepsen.history.Op{:index 1, :time 9, :type :ok, :process 0, :f :read, :value nil}
                """);
        assertEquals(1, h.operations().size());
        assertEquals(9, h.operations().get(0).completeTime());
    }

    @Test
    void unterminatedStringNamesLineAndColumn() {
        var e = bad("""
                {:process 0, :type :invoke, :f :read, :value nil}
                {:process 0, :type :ok, :f :read, :value nil}
                {:process 0, :type :invoke, :f :write, :value "abc}
                """);
        assertEquals(3, e.line());
        assertEquals("h.edn line 3, column 47: malformed EDN: unterminated string", e.getMessage());
    }

    @Test
    void unbalancedBracketNamesLineAndColumn() {
        var e = bad("""
                [{:process 0, :type :invoke, :f :read, :value nil}
                 {:process 0, :type :ok, :f :read, :value nil]
                """);
        assertEquals(2, e.line());
        assertEquals("h.edn line 2, column 46: malformed EDN: expected '}' but found ']'", e.getMessage());
    }

    @Test
    void unclosedVectorNamesWhereItOpened() {
        var e = bad("[{:process 0, :type :invoke, :f :read, :value nil}\n");
        assertTrue(e.getMessage().contains("the vector opened on line 1 is not closed"), e.getMessage());
    }

    @Test
    void aMapWithAnOddNumberOfFormsIsRejected() {
        var e = bad("{:process 0, :type :invoke, :f}\n");
        assertTrue(e.getMessage().contains("a map needs an even number of forms"), e.getMessage());
    }

    @Test
    void aFormThatIsNotAnOperationMapIsRejected() {
        var e = bad("{:process 0, :type :invoke, :f :read, :value nil}\n:oops\n");
        assertEquals("h.edn line 2: expected an operation map {:process ..., :type ...}, got :oops", e.getMessage());
    }

    @Test
    void missingTypeAndBadProcessAreNamed() {
        assertEquals("h.edn line 1: missing :type", bad("{:process 0, :f :read, :value nil}").getMessage());
        assertEquals("h.edn line 1: :process must be an integer or :nemesis, got \"p1\"",
                bad("{:process \"p1\", :type :invoke, :f :read, :value nil}").getMessage());
    }

    @Test
    void timeOnSomeOperationsOnlyIsRejected() {
        var e = bad("""
                {:time 1, :process 0, :type :invoke, :f :read, :value nil}
                {:process 0, :type :ok, :f :read, :value nil}
                """);
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("missing :time (line 1 has one"), e.getMessage());
    }

    @Test
    void unknownFunctionAndUnpairedCompletionUseTheJsonReadersChecks() {
        assertTrue(bad("{:process 0, :type :invoke, :f :txn, :value [[:r 1 nil]]}").getMessage()
                .startsWith("h.edn line 1: unknown f \"txn\""));
        assertTrue(bad("{:process 0, :type :invoke, :f :read, :value nil}\n{:process 1, :type :ok, :f :read, :value 1}")
                .getMessage().startsWith("h.edn line 2: ok for process 1 has no matching invoke"));
    }
}
