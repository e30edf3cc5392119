package io.appcredentials.keycloak.model.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appcredentials.keycloak.model.RecentUse;

class RecentUsesTest {

    @Test
    void keepsTheLatestTimePerAddressAndTheNewestFiveMostRecentFirst() {
        List<RecentUse> stored = List.of(new RecentUse("10.0.0.1", 100), new RecentUse("::1", 90));
        Map<String, Long> seen = new LinkedHashMap<>();
        seen.put("10.0.0.1", 50L); // older than stored: the stored time stays
        seen.put("127.0.0.2", 300L);
        seen.put("2001:db8::7", 200L);
        seen.put("10.0.0.9", 10L);
        seen.put("10.0.0.8", 20L);
        List<RecentUse> merged = RecentUses.merge(stored, seen);
        assertEquals(List.of(new RecentUse("127.0.0.2", 300), new RecentUse("2001:db8::7", 200), new RecentUse("10.0.0.1", 100),
                new RecentUse("::1", 90), new RecentUse("10.0.0.8", 20)), merged);
    }

    @Test
    void roundTripsThroughTheColumnAndDropsWhatDoesNotParse() {
        List<RecentUse> uses = List.of(new RecentUse("2001:db8::7", 200), new RecentUse("127.0.0.1", 100));
        String column = RecentUses.format(uses);
        assertEquals("2001:db8::7@200 127.0.0.1@100", column);
        assertEquals(uses, RecentUses.parse(column));
        assertEquals(List.of(new RecentUse("127.0.0.1", 5)), RecentUses.parse("junk @3 127.0.0.1@5 x@y"));
        assertEquals(List.of(), RecentUses.parse(null));
        assertNull(RecentUses.format(List.of()));
    }

    @Test
    void addressesThatCannotBeStoredAreNotKept() {
        Map<String, Long> seen = new LinkedHashMap<>();
        seen.put("a b", 1L);
        seen.put("x@y", 1L);
        seen.put("1".repeat(46), 1L);
        seen.put("", 1L);
        assertEquals(List.of(), RecentUses.merge(List.of(), seen));
    }
}
