package io.appcredentials.keycloak.model.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 50-minute rule of the durable-use marker: at most one synchronous write per credential per node per window. */
class DurableUsesTest {

    private static final long MINUTE = 60_000L;
    private static final long T0 = 1_800_000_000_000L;

    @Test
    void theFirstUseOfACredentialOnANodeIsWritten() {
        DurableUses durable = new DurableUses();
        assertTrue(durable.needsWrite("ac_a", T0));
    }

    @Test
    void usesWithinFiftyMinutesOfAWriteAreNotWrittenAgain() {
        DurableUses durable = new DurableUses();
        durable.written("ac_a", T0);
        assertFalse(durable.needsWrite("ac_a", T0));
        assertFalse(durable.needsWrite("ac_a", T0 + 49 * MINUTE + 59_999));
        assertTrue(durable.needsWrite("ac_b", T0), "another credential has its own entry");
    }

    @Test
    void aUseFiftyMinutesAfterTheLastWriteIsWritten() {
        DurableUses durable = new DurableUses();
        durable.written("ac_a", T0);
        assertTrue(durable.needsWrite("ac_a", T0 + 50 * MINUTE));
        durable.written("ac_a", T0 + 50 * MINUTE);
        assertFalse(durable.needsWrite("ac_a", T0 + 51 * MINUTE));
    }

    @Test
    void aWriteThatFailedIsNotRecordedSoTheNextUseWrites() {
        DurableUses durable = new DurableUses();
        // nothing recorded (the write failed): every use tries again
        assertTrue(durable.needsWrite("ac_a", T0));
        assertTrue(durable.needsWrite("ac_a", T0 + MINUTE));
    }

    @Test
    void aClockSetBackMakesTheEntryStale() {
        DurableUses durable = new DurableUses();
        durable.written("ac_a", T0);
        assertTrue(durable.needsWrite("ac_a", T0 - MINUTE));
    }
}
