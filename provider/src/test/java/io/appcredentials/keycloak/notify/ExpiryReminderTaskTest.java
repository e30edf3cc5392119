package io.appcredentials.keycloak.notify;

import static io.appcredentials.keycloak.notify.ExpiryReminderTask.dueThreshold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which expiry mail is due: one per threshold, the smallest one reached, and one when expired. */
class ExpiryReminderTaskTest {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void oneMailPerThresholdAsTheExpiryComesWithinIt() {
        List<Integer> t = List.of(14, 7, 1);
        assertNull(dueThreshold(t, NOW + 15 * DAY, NOW, null), "not yet");
        assertEquals(14, dueThreshold(t, NOW + 14 * DAY, NOW, null));
        assertNull(dueThreshold(t, NOW + 10 * DAY, NOW, 14), "14 sent");
        assertEquals(7, dueThreshold(t, NOW + 6 * DAY, NOW, 14));
        assertNull(dueThreshold(t, NOW + 2 * DAY, NOW, 7));
        assertEquals(1, dueThreshold(t, NOW + DAY / 2, NOW, 7));
        assertNull(dueThreshold(t, NOW + DAY / 2, NOW, 1));
    }

    @Test
    void aCredentialThatStartsInsideSeveralThresholdsGetsOneMailForTheSmallest() {
        assertEquals(1, dueThreshold(List.of(14, 7, 1), NOW + DAY / 2, NOW, null));
    }

    @Test
    void oneMailWhenExpiredWhateverWasSentBefore() {
        assertEquals(0, dueThreshold(List.of(7), NOW, NOW, null));
        assertEquals(0, dueThreshold(List.of(7), NOW - DAY, NOW, 7));
        assertNull(dueThreshold(List.of(7), NOW - DAY, NOW, 0), "sent");
    }

    @Test
    void noThresholdsNoMails() {
        assertNull(dueThreshold(List.of(), NOW + DAY, NOW, null));
        assertNull(dueThreshold(List.of(), NOW - DAY, NOW, null));
    }

    @Test
    void aPolicyChangeToASmallerThresholdMailsAgainOnlyWhenItIsReached() {
        assertNull(dueThreshold(List.of(3), NOW + 5 * DAY, NOW, 7));
        assertEquals(3, dueThreshold(List.of(3), NOW + 2 * DAY, NOW, 7));
        assertNull(dueThreshold(List.of(30), NOW + 2 * DAY, NOW, 7), "a larger threshold than the one sent is not sent");
    }
}
