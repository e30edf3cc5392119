package io.appcredentials.keycloak.mfa;

import java.util.Map;
import java.util.Set;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.provider.ProviderFactory;

/**
 * Second-factor evidence, read only from what Keycloak itself recorded in the user session: the note
 * {@code authenticators-completed} (execution id → epoch seconds), written by the authentication flow for every
 * execution that succeeded, in the browser flow and the direct-grant flow alike. An execution counts as a second
 * factor when its authenticator's reference category (the credential type it checks, which Keycloak's own
 * authenticators and well-written custom ones declare) is one of the second-factor credential types. Nothing a
 * client sends is trusted.
 */
public final class MfaEvidence {

    /** Credential types a user can hold as a second factor, with the word recorded on credentials they vouch for. */
    private static final Map<String, String> SECOND_FACTORS = Map.of(
            OTPCredentialModel.TYPE, "otp",
            WebAuthnCredentialModel.TYPE_TWOFACTOR, "webauthn",
            WebAuthnCredentialModel.TYPE_PASSWORDLESS, "webauthn-passwordless",
            RecoveryAuthnCodesCredentialModel.TYPE, "recovery-code");

    public static final Set<String> SECOND_FACTOR_CREDENTIAL_TYPES = SECOND_FACTORS.keySet();

    /** The most recent second factor completed in a session: its type, its age and its time (epoch seconds). */
    public record Evidence(String factor, int ageSeconds, long provedAt) {
    }

    private MfaEvidence() {
    }

    /** The most recent second factor completed in this user session, or null if none was. */
    public static Evidence latest(KeycloakSession session, RealmModel realm, UserSessionModel userSession) {
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
            if (execution == null || entry.getValue() == null || execution.getAuthenticator() == null) {
                continue;
            }
            String type = secondFactorOf(session, execution.getAuthenticator());
            if (type != null && entry.getValue() > latest) {
                latest = entry.getValue();
                factor = type;
            }
        }
        return factor == null ? null : new Evidence(factor, (int) (Time.currentTimeSeconds() - latest), latest);
    }

    /** The second factor an authenticator checks (from its factory's reference category), or null. */
    private static String secondFactorOf(KeycloakSession session, String authenticatorId) {
        ProviderFactory<Authenticator> factory = session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, authenticatorId);
        return factory instanceof AuthenticatorFactory a && a.getReferenceCategory() != null
                ? SECOND_FACTORS.get(a.getReferenceCategory())
                : null;
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
