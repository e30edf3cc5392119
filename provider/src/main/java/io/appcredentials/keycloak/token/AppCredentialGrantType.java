package io.appcredentials.keycloak.token;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.constants.ServiceAccountConstants;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenRequestContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.services.util.DefaultClientSessionContext;
import org.keycloak.util.TokenUtil;

import io.appcredentials.keycloak.boundary.AppCredentialTokenBoundary;
import io.appcredentials.keycloak.boundary.AppCredentialTokens;
import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialLease;
import io.appcredentials.keycloak.model.cache.AppCredentialCache;
import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * The {@code client_credentials} grant. For an ordinary client it is Keycloak's own implementation, untouched.
 * For a request authenticated with an application credential it issues an access token for the credential's
 * owner: {@code sub} = owner, {@code azp} = the application, claim {@code app_credential}, roles = granted ∩
 * owner's current roles, scopes ⊆ the credential's, {@code exp} ≤ the credential's expiry, no refresh token.
 */
public class AppCredentialGrantType extends OAuth2GrantTypeBase {

    @Override
    public Response process(Context context) {
        AuthenticatedAppCredential authenticated = context.getSession().getAttribute(AuthenticatedAppCredential.SESSION_ATTRIBUTE, AuthenticatedAppCredential.class);
        if (authenticated == null) {
            return new ClientCredentialsGrantType().process(context);
        }
        setContext(context);
        AppCredentialLease credential = authenticated.credential();
        UserModel owner = authenticated.owner();
        event.detail(AppCredentialClientAuthenticator.EVENT_DETAIL, credential.id());
        event.user(owner).detail(Details.USERNAME, owner.getUsername());

        // A DPoP-bound credential needs a proof with every token request; Keycloak validated any DPoP header before
        // the grant ran and binds the token to the proof's key (cnf.jkt). Refused as Keycloak refuses a client that
        // requires DPoP.
        if (credential.requireDpop() && session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE) == null) {
            event.detail(Details.REASON, "DPoP proof is missing");
            event.error(Errors.INVALID_DPOP_PROOF);
            AppCredentialMetrics.of(session).refused(realm, AppCredentialMetrics.Reason.DPOP);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_REQUEST, "DPoP proof is missing", Response.Status.BAD_REQUEST);
        }

        String scopeParam = scopesFor(credential, formParams.getFirst(OAuth2Constants.SCOPE));

        // A transient user session and client session built directly: there is no login to remember, so the
        // authentication session that Keycloak's own client_credentials grant creates (and removes again at once)
        // and its second resolution of the client scopes would buy nothing here.
        UserSessionModel userSession = new UserSessionManager(session).createUserSession(null, realm, owner, owner.getUsername(),
                clientConnection.getRemoteHost(), ServiceAccountConstants.CLIENT_AUTH, false, null, null,
                UserSessionModel.SessionPersistenceState.TRANSIENT);
        event.session(userSession);
        userSession.setNote(AppCredentialTokens.CLAIM, credential.id());

        // "openid" makes the token acceptable to userinfo; it is left out of the grant's own scope parameter so
        // that no ID token is issued to a tool.
        String sessionScope = TokenUtil.attachOIDCScope(scopeParam);
        AuthenticatedClientSessionModel clientSession = session.sessions().createClientSession(realm, client, userSession);
        clientSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        clientSession.setNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        clientSession.setNote(OIDCLoginProtocol.SCOPE_PARAM, sessionScope);
        clientSession.setNote(Constants.LEVEL_OF_AUTHENTICATION, String.valueOf(Constants.NO_LOA));
        clientSession.setTimestamp(userSession.getLastSessionRefresh());
        ClientSessionContext clientSessionCtx = new RestrictedClientSessionContext(
                DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession, sessionScope, session),
                expandedRoleIds(session, credential));
        clientSessionCtx.setAttribute(Constants.GRANT_TYPE, context.getGrantType());

        // The realm's client policies apply as they do to Keycloak's own client_credentials grant (same events).
        try {
            session.clientPolicy().triggerOnEvent(new ServiceAccountTokenRequestContext(formParams, clientSession));
        } catch (ClientPolicyException cpe) {
            event.detail(Details.REASON, Details.CLIENT_POLICY_ERROR);
            event.detail(Details.CLIENT_POLICY_ERROR, cpe.getError());
            event.detail(Details.CLIENT_POLICY_ERROR_DETAIL, cpe.getErrorDetail());
            event.error(cpe.getError());
            AppCredentialMetrics.of(session).refused(realm, AppCredentialMetrics.Reason.INVALID);
            throw new CorsErrorResponseException(cors, cpe.getError(), cpe.getErrorDetail(), Response.Status.BAD_REQUEST);
        }

        TokenManager.AccessTokenResponseBuilder responseBuilder = createTokenResponseBuilder(owner, userSession, clientSessionCtx, scopeParam,
                builder -> new ServiceAccountTokenResponseContext(formParams, clientSession, builder));
        AccessToken token = responseBuilder.getAccessToken();
        token.setOtherClaims(AppCredentialTokens.CLAIM, credential.id());
        AppCredentialLease.PreviousSecret previous = authenticated.previous();
        // a token from the previous secret of a rotation overlap carries that secret's generation and ends with it
        token.id(AppCredentialTokens.encode(token.getId(), credential.id(), previous == null ? credential.tokenGeneration() : previous.generation()));
        long exp = expiry(token, authenticated.policy(), credential);
        token.exp(previous == null ? exp : Math.min(exp, previous.until() / 1000L));
        if (!credential.accessRules().isEmpty()) {
            token.setOtherClaims(AccessRuleDetails.CLAIM, AccessRuleDetails.of(credential.accessRules()));
        }

        event.detail(AppCredentialClientAuthenticator.SECRET_SLOT, previous == null ? SecretCheck.Slot.CURRENT.value : SecretCheck.Slot.PREVIOUS.value);
        long usedAt = Time.currentTimeMillis();
        if (authenticated.policy().maxIdleDays() != null) {
            // idle retirement is on: the use is durable before the token exists (at most one write per 50 minutes per node)
            AppCredentialCache.of(session).recordDurableUse(session, credential.id(), usedAt);
        }
        AppCredentialCache.of(session).recordUse(credential.id(), usedAt, clientConnection.getRemoteAddr());
        if (previous != null) {
            AppCredentialCache.of(session).recordPreviousUse(credential.id(), usedAt, previous.generation());
        }
        Response response;
        try {
            response = createTokenResponse(responseBuilder, clientSessionCtx, false);
        } catch (CorsErrorResponseException refused) { // a client policy on the token response
            AppCredentialMetrics.of(session).refused(realm, AppCredentialMetrics.Reason.INVALID);
            throw refused;
        }
        AppCredentialMetrics.of(session).issued(realm);
        if (previous != null) {
            AppCredentialMetrics.of(session).issuedFromPreviousSecret(realm);
        }
        return response;
    }

    /** Lifetime from the policy (or the realm/client default), never past the credential's expiry. */
    private static long expiry(AccessToken token, RealmPolicy policy, AppCredentialLease credential) {
        long exp = token.getExp() == null ? now() + 300L : token.getExp();
        if (policy.accessTokenLifespanSeconds() != null) {
            long iat = token.getIat() == null ? now() : token.getIat();
            exp = iat + policy.accessTokenLifespanSeconds();
        }
        return Math.min(exp, credential.expiresAt() / 1000L);
    }

    /**
     * Keycloak's clock in seconds (its tests move it with {@code Time.setOffset}). {@code currentTime()} is the form
     * that 26.7 and later versions share; {@code currentTimeSeconds()} is not.
     */
    @SuppressWarnings("deprecation")
    private static long now() {
        return Time.currentTime();
    }

    /**
     * The scopes for this token: those requested, each of which must be one of the credential's optional scopes, or
     * all of the credential's when none are requested. Never more than the credential holds. Naming a scope that the
     * application gives every token anyway (its default client scopes, "openid") is fine: tools configured with
     * {@code scope=openid profile} get their token.
     */
    private String scopesFor(AppCredentialLease credential, String requested) {
        if (requested == null || requested.isBlank()) {
            return String.join(" ", credential.scopes());
        }
        Set<String> out = new LinkedHashSet<>();
        for (String scope : requested.trim().split("\\s+")) {
            if (OAuth2Constants.SCOPE_OPENID.equals(scope)) {
                continue;
            }
            if (!credential.scopes().contains(scope) && !client.getClientScopes(true).containsKey(scope)) {
                String message = "Scope '" + scope + "' was not granted to this application credential";
                event.detail(Details.REASON, message);
                event.error(Errors.INVALID_REQUEST);
                AppCredentialMetrics.of(session).refused(realm, AppCredentialMetrics.Reason.INVALID);
                throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_SCOPE, message, Response.Status.BAD_REQUEST);
            }
            out.add(scope);
        }
        return String.join(" ", out);
    }

    /** The granted roles that still exist, with their composites. */
    private static Set<String> expandedRoleIds(KeycloakSession session, AppCredentialLease credential) {
        if (credential.roleIds().isEmpty()) {
            return Set.of();
        }
        var realm = session.getContext().getRealm();
        Set<RoleModel> granted = new HashSet<>();
        for (String id : credential.roleIds()) {
            RoleModel role = realm.getRoleById(id);
            if (role != null) {
                granted.add(role);
            }
        }
        return RoleUtils.expandCompositeRoles(granted).stream().map(RoleModel::getId).collect(Collectors.toSet());
    }

    /** Asked by Keycloak's bearer authentication for tokens of this grant: where a credential token is accepted. */
    @Override
    public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
        return AppCredentialTokenBoundary.allowsBearer(session, token);
    }

    @Override
    public EventType getEventType() {
        return EventType.CLIENT_LOGIN;
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return Set.of();
    }

    @Override
    protected boolean useRefreshToken() {
        return false;
    }
}
