package io.appcredentials.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class RealmPolicyTest {

    private static RealmPolicy with(int defaultDays, int maxDays, int maxPerUser, Integer tokenLifespan, List<String> clients) {
        return new RealmPolicy(true, true, 300, defaultDays, maxDays, maxPerUser, RealmPolicy.OnMfaRemoved.SUSPEND,
                clients, tokenLifespan, 30);
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
    void listsSplitOnSpacesAndCommas() {
        assertEquals(List.of("a", "b", "c"), RealmPolicy.splitList(" a, b  c,a "));
    }
}
