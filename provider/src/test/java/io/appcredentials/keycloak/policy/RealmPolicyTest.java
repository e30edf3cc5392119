package io.appcredentials.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RealmPolicyTest {

    private static RealmPolicy with(int defaultDays, int maxDays, int maxPerUser, Integer tokenLifespan, List<String> clients) {
        return new RealmPolicy(true, true, 300, defaultDays, maxDays, maxPerUser, RealmPolicy.OnMfaRemoved.SUSPEND,
                clients, tokenLifespan, 30, false, List.of(7), true, Map.of(), 20, false, null);
    }

    private static RealmPolicy reminders(List<Integer> days) {
        RealmPolicy d = RealmPolicy.DEFAULTS;
        return new RealmPolicy(true, true, 300, 30, 365, 10, d.onMfaRemoved(), d.allowedClients(), null, 30, false, days, true, Map.of(), 20, false, null);
    }

    private static RealmPolicy trusting(Map<String, RealmPolicy.TrustedIdp> trusted) {
        RealmPolicy d = RealmPolicy.DEFAULTS;
        return new RealmPolicy(true, true, 300, 30, 365, 10, d.onMfaRemoved(), d.allowedClients(), null, 30, false, List.of(7), true, trusted, 20, false, null);
    }

    private static RealmPolicy creates(int perHour) {
        RealmPolicy d = RealmPolicy.DEFAULTS;
        return new RealmPolicy(true, true, 300, 30, 365, 10, d.onMfaRemoved(), d.allowedClients(), null, 30, false, List.of(7), true,
                Map.of(), perHour, false, null);
    }

    private static RealmPolicy idle(Integer days) {
        RealmPolicy d = RealmPolicy.DEFAULTS;
        return new RealmPolicy(true, true, 300, 30, 365, 10, d.onMfaRemoved(), d.allowedClients(), null, 30, false, List.of(7), true,
                Map.of(), 20, false, days);
    }

    @Test
    void maxIdleDaysIsOffOrBetweenOneAndAYear() {
        org.junit.jupiter.api.Assertions.assertNull(idle(null).validate());
        org.junit.jupiter.api.Assertions.assertNull(idle(1).validate());
        org.junit.jupiter.api.Assertions.assertNull(idle(365).validate());
        org.junit.jupiter.api.Assertions.assertEquals("maxIdleDays", idle(0).validate().field());
        org.junit.jupiter.api.Assertions.assertEquals("maxIdleDays", idle(366).validate().field());
        org.junit.jupiter.api.Assertions.assertEquals("maxIdleDays", idle(-1).validate().field());
    }

    @Test
    void theIdleWarningComesAQuarterAheadBetweenOneAndSevenDays() {
        org.junit.jupiter.api.Assertions.assertEquals(1, RealmPolicy.idleWarningDays(1));
        org.junit.jupiter.api.Assertions.assertEquals(1, RealmPolicy.idleWarningDays(2));
        org.junit.jupiter.api.Assertions.assertEquals(2, RealmPolicy.idleWarningDays(8));
        org.junit.jupiter.api.Assertions.assertEquals(7, RealmPolicy.idleWarningDays(30));
        org.junit.jupiter.api.Assertions.assertEquals(7, RealmPolicy.idleWarningDays(365));
    }

    @Test
    void maxCreatesPerHourIsBetweenOneAndAThousand() {
        assertEquals(20, RealmPolicy.DEFAULTS.maxCreatesPerHour());
        assertNull(creates(1).validate());
        assertNull(creates(1000).validate());
        assertEquals("maxCreatesPerHour", creates(0).validate().field());
        assertEquals("maxCreatesPerHour", creates(1001).validate().field());
    }

    @Test
    void defaultsAreValid() {
        assertNull(RealmPolicy.DEFAULTS.validate());
    }

    @Test
    void eachBoundNamesItsField() {
        assertEquals("defaultLifetimeDays", with(400, 365, 10, null, List.of("a")).validate().field());
        assertEquals("maxLifetimeDays", with(1, 0, 10, null, List.of("a")).validate().field());
        assertEquals("maxPerUser", with(1, 10, -1, null, List.of("a")).validate().field());
        assertEquals("accessTokenLifespanSeconds", with(1, 10, 1, 5, List.of("a")).validate().field());
        assertEquals("allowedClients", with(1, 10, 1, null, List.of()).validate().field());
    }

    @Test
    void remindersAreAtMostThreeDifferentDaysBetweenOneAndNinety() {
        assertNull(reminders(List.of()).validate(), "[] turns them off");
        assertNull(reminders(List.of(30, 7, 1)).validate());
        assertEquals(List.of(30, 7, 1), reminders(List.of(1, 30, 7)).remindersLargestFirst());
        for (List<Integer> bad : List.of(List.of(0), List.of(91), List.of(1, 2, 3, 4), List.of(7, 7))) {
            assertEquals("expiryReminderDays", reminders(bad).validate().field(), bad.toString());
        }
    }

    @Test
    void aTrustedIdentityProviderNeedsSomethingThatCountsAsASecondFactor() {
        assertNull(trusting(Map.of("corp", new RealmPolicy.TrustedIdp(List.of("otp", "hwk"), null))).validate());
        assertNull(trusting(Map.of("corp", new RealmPolicy.TrustedIdp(null, List.of("gold")))).validate());
        assertEquals("trustedIdpMfa", trusting(Map.of("corp", new RealmPolicy.TrustedIdp(List.of(), List.of()))).validate().field());
        assertEquals("trustedIdpMfa", trusting(Map.of("corp", new RealmPolicy.TrustedIdp(List.of("o t p"), null))).validate().field());
    }

    @Test
    void listsSplitOnSpacesAndCommas() {
        assertEquals(List.of("a", "b", "c"), RealmPolicy.splitList(" a, b  c,a "));
    }
}
