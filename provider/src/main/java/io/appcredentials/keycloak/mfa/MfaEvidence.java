package io.appcredentials.keycloak.mfa;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.AuthenticatorUtil;
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
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Second-factor evidence, read only from what Keycloak itself recorded in the user session: the note
 * {@code authenticators-completed} (execution id → epoch seconds), written by the authentication flow for every
 * execution that succeeded, in the browser flow and the direct-grant flow alike. An execution counts as a second
 * factor when its authenticator's reference category (the credential type it checks, which Keycloak's own
 * authenticators and well-written custom ones declare) is one of the second-factor credential types. Nothing a
 * client sends is trusted.
 *
 * <p>One sign-in that note does not tell apart: a passkey taken by Keycloak's username/password (or username, or
 * password) form, as the stock browser flow offers passkeys once the realm's passwordless policy enables them. That
 * form's execution is recorded as a password step whichever the user gave. So the extension's global event listener,
 * at the end of such a sign-in ({@code LOGIN}), reads from the authentication session which credential types Keycloak
 * verified and, when a passkey was one, writes {@link #PASSKEY_NOTE} ({@code <execution id>:<epoch seconds>}) into
 * the user session: it counts only while that execution's entry in {@code authenticators-completed} still carries
 * the same second (a later password sign-in in the same session replaces it), and only for those forms.
 */
public final class MfaEvidence {

    /** Credential types a user can hold as a second factor, with the word recorded on credentials they vouch for. */
    private static final Map<String, String> SECOND_FACTORS = Map.of(
            OTPCredentialModel.TYPE, "otp",
            WebAuthnCredentialModel.TYPE_TWOFACTOR, "webauthn",
            WebAuthnCredentialModel.TYPE_PASSWORDLESS, "webauthn-passwordless",
            RecoveryAuthnCodesCredentialModel.TYPE, "recovery-code");

    public static final Set<String> SECOND_FACTOR_CREDENTIAL_TYPES = SECOND_FACTORS.keySet();

    /** User-session note of a passkey sign-in through a username/password form: {@code <execution id>:<epoch seconds>}. */
    public static final String PASSKEY_NOTE = "app-credentials.passkey-sign-in";

    /**
     * Authenticators whose completion proves nothing although they declare a second-factor category: Keycloak's
     * "Conditional OTP Form" succeeds without asking for the code when its skip rules say so (a role, a user
     * attribute, a request header, or its default outcome), and records itself as completed all the same.
     */
    private static final Set<String> NOT_EVIDENCE = Set.of("auth-conditional-otp-form");

    /** Keycloak's forms that take a passkey in place of the password (passkeys feature, realm passwordless policy). */
    private static final Set<String> PASSKEY_FORMS = Set.of("auth-username-password-form", "auth-username-form", "auth-password-form");

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
        Integer passkey = passkeySignIn(realm, userSession, completed);
        if (passkey != null && passkey > latest) {
            latest = passkey;
            factor = SECOND_FACTORS.get(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        }
        return factor == null ? null : new Evidence(factor, (int) (Time.currentTimeSeconds() - latest), latest);
    }

    /** When the session's passkey sign-in through a username/password form happened, if it still stands. */
    private static Integer passkeySignIn(RealmModel realm, UserSessionModel userSession, Map<String, Integer> completed) {
        String note = userSession.getNote(PASSKEY_NOTE);
        int colon = note == null ? -1 : note.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String executionId = note.substring(0, colon);
        Integer at = completed.get(executionId);
        AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
        if (at == null || execution == null || !PASSKEY_FORMS.contains(execution.getAuthenticator())
                || !note.substring(colon + 1).equals(String.valueOf(at))) {
            return null;
        }
        return at;
    }

    /**
     * At the end of a sign-in ({@code LOGIN} event, in its request): when Keycloak verified a passkey in it, records in
     * the user session which username/password form took it and when (see {@link #PASSKEY_NOTE}).
     */
    public static void recordPasskeySignIn(KeycloakSession session, RealmModel realm, String userSessionId) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (realm == null || userSessionId == null || authSession == null) {
            return;
        }
        // what this sign-in verified, from the authentication session: nothing to do for most sign-ins, so the
        // user session is looked up only when there is a record to write or to drop
        List<String> verified = AuthenticatorUtil.getAuthnCredentials(authSession);
        boolean passkey = verified.contains(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
        if (!passkey && verified.isEmpty()) {
            return; // a cookie sign-on to another client verifies nothing and leaves an earlier record alone
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, userSessionId);
        if (userSession == null) {
            return;
        }
        if (!passkey) {
            // a sign-in that verified something else (a password) drops an earlier record, which would stop
            // counting anyway once its form is completed again
            if (userSession.getNote(PASSKEY_NOTE) != null) {
                userSession.removeNote(PASSKEY_NOTE);
            }
            return;
        }
        if (userSession.getUser() == null
                || !userSession.getUser().credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_PASSWORDLESS)) {
            return;
        }
        Map<String, Integer> completed;
        try {
            completed = AuthenticatorUtils.parseCompletedExecutions(userSession.getNote(Constants.AUTHENTICATORS_COMPLETED));
        } catch (IllegalStateException e) {
            return;
        }
        // the form that took the passkey: the latest of those forms completed, which is this sign-in's
        String form = null;
        int at = Integer.MIN_VALUE;
        for (Map.Entry<String, Integer> entry : completed.entrySet()) {
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(entry.getKey());
            if (execution != null && entry.getValue() != null && PASSKEY_FORMS.contains(execution.getAuthenticator()) && entry.getValue() > at) {
                form = entry.getKey();
                at = entry.getValue();
            }
        }
        if (form != null) {
            userSession.setNote(PASSKEY_NOTE, form + ":" + at);
        }
    }

    /** The second factor an authenticator checks (from its factory's reference category), or null. */
    private static String secondFactorOf(KeycloakSession session, String authenticatorId) {
        if (NOT_EVIDENCE.contains(authenticatorId)) {
            return null;
        }
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
