package io.appcredentials.keycloak.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class CredentialMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void reset() {
        CredentialMetrics.enable(false);
        CredentialMetrics.useRegistry(Metrics.globalRegistry);
    }

    private static RealmModel realm(String name) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getName()).thenReturn(name);
        return realm;
    }

    @Test
    void countsByRealmAndBoundedReasonAndShowsEveryReasonOnceARealmCounts() {
        CredentialMetrics.useRegistry(registry);
        CredentialMetrics.enable(true);
        RealmModel demo = realm("demo");
        CredentialMetrics.issued(demo);
        CredentialMetrics.issued(demo);
        CredentialMetrics.refused(demo, CredentialMetrics.Reason.EXPIRED);
        CredentialMetrics.refused(realm("other"), CredentialMetrics.Reason.INVALID);
        CredentialMetrics.mail("demo", CredentialMetrics.Mail.REMINDER, true);
        CredentialMetrics.mail("demo", CredentialMetrics.Mail.CREATED, false);

        assertEquals(2, registry.get(CredentialMetrics.ISSUED).tag("realm", "demo").counter().count());
        assertEquals(1, registry.get(CredentialMetrics.REFUSED).tags("realm", "demo", "reason", "expired").counter().count());
        assertEquals(0, registry.get(CredentialMetrics.REFUSED).tags("realm", "demo", "reason", "dpop").counter().count());
        assertEquals(0, registry.get(CredentialMetrics.REFUSED).tags("realm", "demo", "reason", "network").counter().count());
        assertEquals(1, registry.get(CredentialMetrics.REFUSED).tags("realm", "other", "reason", "invalid").counter().count());
        assertEquals(1, registry.get(CredentialMetrics.MAILS_SENT).tags("realm", "demo", "type", "reminder").counter().count());
        assertEquals(1, registry.get(CredentialMetrics.MAILS_FAILED).tags("realm", "demo", "type", "created").counter().count());
        // realm × (issued + 8 reasons + 3 changes + 4 mail types × 2)
        assertEquals(2 * (1 + 8 + 3 + 8), registry.getMeters().size());
    }

    @Test
    void disabledCountsNothing() {
        CredentialMetrics.useRegistry(registry);
        CredentialMetrics.issued(realm("demo"));
        CredentialMetrics.refused(realm("demo"), CredentialMetrics.Reason.OWNER);
        assertEquals(0, registry.getMeters().size());
    }
}
