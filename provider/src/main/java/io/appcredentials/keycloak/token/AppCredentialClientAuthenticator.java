package io.appcredentials.keycloak.token;

import java.security.Key;
import java.security.SecureRandom;

import javax.crypto.spec.SecretKeySpec;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.BasicAuthHelper;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.boundary.AppCredentialTokenBoundary;
import io.appcredentials.keycloak.boundary.AppCredentialTokens;
import io.appcredentials.keycloak.boundary.BoundaryHook;
import io.appcredentials.keycloak.metrics.AppCredentialMetrics.Reason;
import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.mfa.MfaBinding;
import io.appcredentials.keycloak.model.AppCredentialLease;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.cache.AppCredentialCache;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.secret.AppCredentialSecrets;
import io.appcredentials.keycloak.secret.SecretHasher;
import io.appcredentials.keycloak.secret.SecretRedaction;

/**
 * Keycloak's "client-secret" client authenticator, extended: a {@code client_id} that is an application
 * credential ID is verified against the credential store; any other client id goes to Keycloak's own
 * implementation unchanged. Replacing the built-in factory (same id, higher order) is what makes
 * {@code client_secret_basic} and {@code client_secret_post} work in every realm with no flow edits.
 *
 * <p>On success the request continues as the credential's application (a real client, so that {@code azp},
 * introspection and userinfo resolve), and the credential is handed to the grant through a session attribute.
 */
public class AppCredentialClientAuthenticator extends ClientIdAndSecretAuthenticator implements BoundaryHook {

    static final String EVENT_DETAIL = AppCredentialTokens.CLAIM;
    /** Event detail: which of the credential's secrets a token request used ({@code current} or {@code previous}). */
    static final String SECRET_SLOT = "secret_slot";
    private static final String GENERIC_FAILURE = "Invalid client or Invalid client credentials";
    /** Used to spend the same time on unknown IDs as on known ones. */
    private static final Key DUMMY_KEY;

    static {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        DUMMY_KEY = new SecretKeySpec(bytes, "HmacSHA256");
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        super.postInit(factory);
        AppCredentialTokenBoundary.checkAtStartup(factory);
    }

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        IdAndSecret sent = sentIdAndSecret(context);
        if (sent.id() != null && sent.id().indexOf('\0') >= 0) {
            // No client id holds a NUL character, and some databases (PostgreSQL) refuse one in a query or an event:
            // answered as an unknown client, and the flow ends here (an exception, not a failure, which would let the
            // next client authenticators look the id up again and log database errors).
            throw new AuthenticationFlowException("client_id holds a NUL character", AuthenticationFlowError.CLIENT_NOT_FOUND);
        } else if (!namesCredential(sent.id())) {
            super.authenticateClient(context);
        } else if (SecretRedaction.containsSecret(sent.id())) {
            // A secret where the ID belongs (ID and secret swapped, or a secret pasted twice): answered here, so that
            // it never reaches Keycloak's own code, which would write the client id into a log line and an event.
            AppCredentialMetrics.of(context.getSession()).refused(context.getRealm(), Reason.INVALID);
            refuse(context, null, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, GENERIC_FAILURE);
        } else {
            authenticateCredential(context, sent.id(), sent.secret());
        }
    }

    /** What a request sent as client id and secret. */
    private record IdAndSecret(String id, String secret) {
    }

    /** The client id and secret the request sent (Basic header, overridden by form parameters), each possibly null. */
    private static IdAndSecret sentIdAndSecret(ClientAuthenticationFlowContext context) {
        String clientId = null;
        String secret = null;
        String authorization = context.getHttpRequest().getHttpHeaders().getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            String[] basic = BasicAuthHelper.RFC6749.parseHeader(authorization);
            if (basic != null) {
                clientId = basic[0];
                secret = basic[1];
            }
        }
        MediaType mediaType = context.getHttpRequest().getHttpHeaders().getMediaType();
        if (mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
            if (form.containsKey(OAuth2Constants.CLIENT_ID)) {
                clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
            }
            if (form.containsKey(OAuth2Constants.CLIENT_SECRET)) {
                secret = form.getFirst(OAuth2Constants.CLIENT_SECRET);
            }
        }
        return new IdAndSecret(clientId, secret);
    }

    /**
     * Whether a client id is an application credential's ID, or a credential secret sent where the ID belongs (the
     * secret's prefix in any letter case). An ID in another letter case ({@code AC_…}) is not an ID (they are matched
     * exactly) but is answered here too, like an unknown ID; other client ids that merely start with {@code AC_}
     * remain Keycloak's.
     */
    static boolean namesCredential(String clientId) {
        return clientId != null && (clientId.startsWith(AppCredentialSecrets.ID_PREFIX) || AppCredentialSecrets.looksLikeIdInAnyCase(clientId)
                || SecretRedaction.containsSecret(clientId));
    }

    private void authenticateCredential(ClientAuthenticationFlowContext context, String id, String secret) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        boolean wellFormedId = AppCredentialSecrets.looksLikeId(id);
        if (wellFormedId) {
            context.getEvent().client(id).detail(EVENT_DETAIL, id);
        }

        String notInForce = AppCredentialTokenBoundary.notInForce(session);
        if (notInForce != null) {
            AppCredentialMetrics.of(session).refused(realm, Reason.INVALID);
            refuse(context, null, AuthenticationFlowError.INTERNAL_ERROR,
                    "Application credentials are unavailable: the server's configuration does not enforce their restrictions");
            // the event (for the administrator) says which hook is missing; the answer does not
            context.getEvent().detail(Details.REASON, "The scope boundary is not in force on this server: " + notInForce);
            return;
        }
        if (!isClientCredentialsTokenRequest(context)) {
            AppCredentialMetrics.of(session).refused(realm, Reason.INVALID);
            refuse(context, null, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS,
                    "Application credentials can only be used with grant_type=client_credentials at the token endpoint");
            return;
        }

        AppCredentialLease credential = wellFormedId && AppCredentialSecrets.isWellFormedSecret(secret)
                ? AppCredentialCache.of(session).getLease(realm, id)
                : null;
        ClientModel application = credential == null ? null : realm.getClientById(credential.clientUuid());
        // One HMAC for the current secret; every refusal computes two (see SecretCheck), so that unknown IDs, wrong
        // secrets and credentials in a rotation overlap take the same time.
        SecretCheck.Slot slot = SecretCheck.check(credential, secret, Time.currentTimeMillis(),
                kid -> SecretHasher.key(session, realm, kid), DUMMY_KEY, SecretCheck.HMAC);
        if (slot == null) {
            AppCredentialMetrics.of(session).refused(realm, Reason.INVALID);
            refuse(context, null, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, GENERIC_FAILURE);
            return;
        }

        // The secret is right: from here on the caller may learn why it is refused.
        if (application == null || !application.isEnabled()) {
            AppCredentialMetrics.of(session).refused(realm, Reason.DISABLED);
            refuse(context, null, AuthenticationFlowError.CLIENT_DISABLED, "The credential's application is disabled or removed");
            return;
        }
        context.getEvent().client(application).detail(EVENT_DETAIL, id);
        AppCredentialState state = credential.state(Time.currentTimeMillis());
        if (state != AppCredentialState.ACTIVE) {
            AppCredentialMetrics.of(session).refused(realm, reason(state));
            refuse(context, application, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, "Application credential " + state.value());
            return;
        }
        // the address Keycloak itself uses for the request (its proxy-header settings apply)
        if (!credential.allowsAddress(context.getConnection().getRemoteAddr())) {
            AppCredentialMetrics.of(session).refused(realm, Reason.NETWORK);
            refuse(context, application, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS,
                    "This application credential may not be used from the request's address");
            return;
        }
        UserModel owner = session.users().getUserById(realm, credential.userId());
        if (owner == null) {
            AppCredentialMetrics.of(session).refused(realm, Reason.OWNER);
            refuse(context, application, AuthenticationFlowError.INVALID_USER, GENERIC_FAILURE);
            return;
        }
        context.getEvent().user(owner).detail(Details.USERNAME, owner.getUsername());
        String ownerProblem = ownerProblem(owner);
        if (ownerProblem != null) {
            AppCredentialMetrics.of(session).refused(realm, Reason.OWNER);
            refuse(context, application, AuthenticationFlowError.USER_DISABLED, ownerProblem);
            return;
        }
        RealmPolicy policy = RealmPolicy.of(realm);
        if (MfaBinding.lost(session, realm, policy, owner, credential.mfa(), credential.createdByAdmin())) {
            String applied = MfaBinding.applyLossInOwnTransaction(session, owner.getId(), policy);
            AppCredentialMetrics.of(session).refused(realm, "revoked".equals(applied) ? Reason.REVOKED : Reason.SUSPENDED);
            refuse(context, application, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS,
                    "Application credential " + applied + ": its owner no longer has a second factor");
            return;
        }

        AppCredentialLease.PreviousSecret previous = slot == SecretCheck.Slot.PREVIOUS ? credential.livePrevious(Time.currentTimeMillis()) : null;
        if (slot == SecretCheck.Slot.PREVIOUS && previous == null) { // the window ended between the check and here
            AppCredentialMetrics.of(session).refused(realm, Reason.INVALID);
            refuse(context, application, AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, GENERIC_FAILURE);
            return;
        }
        context.getEvent().detail(SECRET_SLOT, slot.value);
        session.setAttribute(AuthenticatedAppCredential.SESSION_ATTRIBUTE, new AuthenticatedAppCredential(credential, owner, policy, previous));
        context.setClient(application);
        context.success();
    }

    /**
     * Why the owner may not use credentials now, or null. A temporary brute-force lockout of the owner's password
     * does not count: anyone who knows a username could otherwise switch their credentials off. A permanent
     * lockout disables the user, which does.
     */
    static String ownerProblem(UserModel owner) {
        return owner.isEnabled() ? null : "The credential's owner is disabled";
    }

    /** The metrics reason of a state that is not active. */
    private static Reason reason(AppCredentialState state) {
        return switch (state) {
            case EXPIRED -> Reason.EXPIRED;
            case DISABLED -> Reason.DISABLED;
            case SUSPENDED -> Reason.SUSPENDED;
            case REVOKED -> Reason.REVOKED;
            case ACTIVE -> Reason.INVALID;
        };
    }

    private static boolean isClientCredentialsTokenRequest(ClientAuthenticationFlowContext context) {
        String path = context.getUriInfo().getPath();
        if (path == null || !path.endsWith("/protocol/openid-connect/token")) {
            return false;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        return form != null && OAuth2Constants.CLIENT_CREDENTIALS.equals(form.getFirst(OAuth2Constants.GRANT_TYPE));
    }

    /**
     * Fails the client authentication. Keycloak's client authentication flow only reports a failure for a known
     * client, so it is reported against the credential's application, or the realm's default one when the
     * credential is not known (yet).
     */
    private static void refuse(ClientAuthenticationFlowContext context, ClientModel application, AuthenticationFlowError error, String description) {
        ClientModel client = application != null ? application : context.getRealm().getClientByClientId(DefaultApplication.CLIENT_ID);
        if (client != null) {
            context.setClient(client);
        }
        context.getEvent().detail(Details.REASON, description);
        Response response = ClientAuthUtil.errorResponse(Response.Status.UNAUTHORIZED.getStatusCode(), "invalid_client", description);
        context.failure(error, response);
    }
}
