package io.appcredentials.keycloak.model;

import java.util.Locale;

/** Lifecycle state. {@link #EXPIRED} is never stored: it is derived from the expiry time. */
public enum AppCredentialState {
    ACTIVE, DISABLED, SUSPENDED, EXPIRED, REVOKED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AppCredentialState of(String value) {
        if (value == null) {
            return null;
        }
        for (AppCredentialState s : values()) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
