package io.appcredentials.keycloak.model;

import java.util.Locale;

/** Lifecycle state. {@link #EXPIRED} is never stored: it is derived from the expiry time. */
public enum AppCredentialState {
    ACTIVE, DISABLED, SUSPENDED, EXPIRED, REVOKED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state with this JSON value, or null. */
    public static AppCredentialState of(String value) {
        return Enums.byValue(AppCredentialState.class, value, AppCredentialState::value);
    }

    /** The state users see: the stored one, or expired once past the expiry time (a revocation stays a revocation). */
    public static AppCredentialState at(AppCredentialState stored, long expiresAtMillis, long nowMillis) {
        return stored != REVOKED && nowMillis >= expiresAtMillis ? EXPIRED : stored;
    }
}
