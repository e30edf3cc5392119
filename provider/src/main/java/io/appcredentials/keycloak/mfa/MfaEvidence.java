package io.appcredentials.keycloak.mfa;

import java.util.Map;
import java.util.Set;

import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * Second-factor evidence, read only from what Keycloak itself recorded in the user session: the note
 * {@code authenticators-completed} (execution id → epoch seconds), written by the authentication flow for every
 * execution that succeeded, in the browser flow and the direct-grant flow alike. Nothing a client sends is
 * trusted.
 */
public final class MfaEvidence {

    /** Authenticator ids that prove a second factor, mapped to the factor type recorded on the credential. */
    private static final Map<String, String> SECOND_FACTOR_AUTHENTICATORS = Map.of(
            "auth-otp-form", "otp",
            "direct-grant-validate-otp", "otp",
            "webauthn-authenticator", "webauthn",
            "webauthn-authenticator-passwordless", "webauthn-passwordless",
            "auth-recovery-authn-code-form", "recovery-code",
            "auth-conditional-otp-form", "otp");

    /** Credential types a user can hold as a second factor. */
    public static final Set<String> SECOND_FACTOR_CREDENTIAL_TYPES = Set.of(
            "otp", "webauthn", "webauthn-passwordless", "recovery-authn-codes");

    /** The most recent second factor completed in a session: its type, its age and its time (epoch seconds). */
    public record Evidence(String factor, int ageSeconds, long provedAt) {
    }

    private MfaEvidence() {
    }

    /** The most recent second factor completed in this user session, or null if none was. */
    public static Evidence latest(RealmModel realm, UserSessionModel userSession) {
        if (userSession == null) {
            return null;
        }
        String note = userSession.getNote(Constants.AUTHENTICATORS_COMPLETED);
        if (note == null) {
            return null;
        }
        Map<String, Integer> completed;
        try {
            completed = AuthenticatorUtils.parseCompletedExecutions(note);
        } catch (IllegalStateException e) {
            return null;
        }
        String factor = null;
        int latest = Integer.MIN_VALUE;
        for (Map.Entry<String, Integer> entry : completed.entrySet()) {
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(entry.getKey());
            if (execution == null || entry.getValue() == null) {
                continue;
            }
            String type = SECOND_FACTOR_AUTHENTICATORS.get(execution.getAuthenticator());
            if (type != null && entry.getValue() > latest) {
                latest = entry.getValue();
                factor = type;
            }
        }
        return factor == null ? null : new Evidence(factor, (int) (Time.currentTimeSeconds() - latest), latest);
    }

    /**
     * When the user's newest second factor was set up (epoch seconds), or 0 if unknown. A suspended credential
     * needs proof newer than this: proof from before was given with the factor that went away.
     */
    public static long newestSecondFactorSince(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .filter(c -> SECOND_FACTOR_CREDENTIAL_TYPES.contains(c.getType()) && c.getCreatedDate() != null)
                .mapToLong(c -> c.getCreatedDate() / 1000L)
                .max()
                .orElse(0L);
    }

    /** Whether the user has any second factor configured. */
    public static boolean hasSecondFactor(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> SECOND_FACTOR_CREDENTIAL_TYPES.contains(c.getType()));
    }
}
