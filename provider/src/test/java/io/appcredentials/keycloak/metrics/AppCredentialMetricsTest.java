package io.appcredentials.keycloak.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AppCredentialMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void reset() {
        AppCredentialMetrics.enable(false);
        AppCredentialMetrics.useRegistry(Metrics.globalRegistry);
    }

    private static RealmModel realm(String name) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getName()).thenReturn(name);
        return realm;
    }

    @Test
    void countsByRealmAndBoundedReasonAndShowsEveryReasonOnceARealmCounts() {
        AppCredentialMetrics.useRegistry(registry);
        AppCredentialMetrics.enable(true);
        RealmModel demo = realm("demo");
        AppCredentialMetrics.issued(demo);
        AppCredentialMetrics.issued(demo);
        AppCredentialMetrics.refused(demo, AppCredentialMetrics.Reason.EXPIRED);
        AppCredentialMetrics.refused(realm("other"), AppCredentialMetrics.Reason.INVALID);
        AppCredentialMetrics.mail("demo", AppCredentialMetrics.Mail.REMINDER, true);
        AppCredentialMetrics.mail("demo", AppCredentialMetrics.Mail.CREATED, false);

        assertEquals(2, registry.get(AppCredentialMetrics.ISSUED).tag("realm", "demo").counter().count());
        assertEquals(1, registry.get(AppCredentialMetrics.REFUSED).tags("realm", "demo", "reason", "expired").counter().count());
        assertEquals(0, registry.get(AppCredentialMetrics.REFUSED).tags("realm", "demo", "reason", "dpop").counter().count());
        assertEquals(0, registry.get(AppCredentialMetrics.REFUSED).tags("realm", "demo", "reason", "network").counter().count());
        assertEquals(1, registry.get(AppCredentialMetrics.REFUSED).tags("realm", "other", "reason", "invalid").counter().count());
        assertEquals(1, registry.get(AppCredentialMetrics.MAILS_SENT).tags("realm", "demo", "type", "reminder").counter().count());
        assertEquals(1, registry.get(AppCredentialMetrics.MAILS_FAILED).tags("realm", "demo", "type", "created").counter().count());
        // realm × (issued + 8 reasons + 3 changes + 4 mail types × 2)
        assertEquals(2 * (1 + 8 + 3 + 8), registry.getMeters().size());
    }

    @Test
    void disabledCountsNothing() {
        AppCredentialMetrics.useRegistry(registry);
        AppCredentialMetrics.issued(realm("demo"));
        AppCredentialMetrics.refused(realm("demo"), AppCredentialMetrics.Reason.OWNER);
        assertEquals(0, registry.getMeters().size());
    }
}
