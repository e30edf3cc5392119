package io.appcredentials.keycloak.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AppCredentialMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AppCredentialMetrics metrics = new AppCredentialMetrics(registry);

    private static RealmModel realm(String name) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("id-" + name);
        when(realm.getName()).thenReturn(name);
        return realm;
    }

    @Test
    void countsByRealmAndBoundedReasonAndShowsEveryReasonOnceARealmCounts() {
        RealmModel demo = realm("demo");
        metrics.issued(demo);
        metrics.issued(demo);
        metrics.refused(demo, AppCredentialMetrics.Reason.EXPIRED);
        metrics.refused(realm("other"), AppCredentialMetrics.Reason.INVALID);
        metrics.mailSent("id-demo", "demo", AppCredentialMetrics.Mail.REMINDER);
        metrics.mailFailed("id-demo", "demo", AppCredentialMetrics.Mail.CREATED);

        assertEquals(2, registry.get(AppCredentialMetrics.ISSUED).tag("realm", "demo").counter().count());
        assertEquals(1, registry.get(AppCredentialMetrics.REFUSED).tags("realm", "demo", "reason", "expired").counter().count());
        assertEquals(0, registry.get(AppCredentialMetrics.REFUSED).tags("realm", "demo", "reason", "dpop").counter().count());
        assertEquals(0, registry.get(AppCredentialMetrics.REFUSED).tags("realm", "demo", "reason", "network").counter().count());
        assertEquals(1, registry.get(AppCredentialMetrics.REFUSED).tags("realm", "other", "reason", "invalid").counter().count());
        assertEquals(1, registry.get(AppCredentialMetrics.MAILS_SENT).tags("realm", "demo", "type", "reminder").counter().count());
        assertEquals(1, registry.get(AppCredentialMetrics.MAILS_FAILED).tags("realm", "demo", "type", "created").counter().count());
        metrics.issuedFromPreviousSecret(demo);
        assertEquals(1, registry.get(AppCredentialMetrics.PREVIOUS_SECRET).tag("realm", "demo").counter().count());
        assertEquals(0, registry.get(AppCredentialMetrics.PREVIOUS_SECRET).tag("realm", "other").counter().count());
        // realm × (issued + previous secret + 8 reasons + 4 changes + 6 mail types × 2)
        assertEquals(2 * (1 + 1 + 8 + 4 + 12), registry.getMeters().size());
        assertEquals(0, registry.get(AppCredentialMetrics.RETIRED_IDLE).tag("realm", "demo").counter().count());
        assertEquals(0, registry.get(AppCredentialMetrics.MAILS_SENT).tags("realm", "demo", "type", "idle_warning").counter().count());
    }

    @Test
    void aRemovedRealmsCountersLeaveTheRegistry() {
        metrics.issued(realm("demo"));
        metrics.issued(realm("other"));
        metrics.forgetRealm("id-demo");
        assertEquals(1 + 1 + 8 + 4 + 12, registry.getMeters().size());
        assertEquals(1, registry.get(AppCredentialMetrics.ISSUED).tag("realm", "other").counter().count());
        // a realm made again under the same name starts from zero
        metrics.issued(realm("demo"));
        assertEquals(1, registry.get(AppCredentialMetrics.ISSUED).tag("realm", "demo").counter().count());
        metrics.forgetRealm("never-counted");
    }

    @Test
    void offCountsNothing() {
        AppCredentialMetrics.OFF.issued(realm("demo"));
        AppCredentialMetrics.OFF.refused(realm("demo"), AppCredentialMetrics.Reason.OWNER);
        AppCredentialMetrics.OFF.forgetRealm("id-demo");
        assertFalse(AppCredentialMetrics.OFF.enabled());
        assertEquals(0, registry.getMeters().size());
    }
}
