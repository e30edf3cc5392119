package io.appcredentials.keycloak.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AppCredentialLeaseTest {

    @Test
    void printingALeaseNeverPrintsEitherSecretsHash() {
        AppCredentialLease lease = new AppCredentialLease("ac_x", "realm", "user", "client", Set.of(), Set.of(),
                "CURRENT-HASH", "key-1", 4, AppCredentialState.ACTIVE, 1L, null, List.of(), List.of(), false, false,
                new AppCredentialLease.PreviousSecret("PREVIOUS-HASH", "key-0", 3, 2L));
        String printed = lease.toString();
        assertFalse(printed.contains("CURRENT-HASH"), printed);
        assertFalse(printed.contains("PREVIOUS-HASH"), printed);
        assertTrue(printed.contains("ac_x") && printed.contains("generation=3"), printed);
    }
}
