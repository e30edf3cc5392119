package io.appcredentials.keycloak.boundary;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;
import org.keycloak.representations.AccessToken;

/**
 * Keycloak's access-token introspection (same id, higher order), which also serves the account API's fallback when
 * a token lacks the {@code account} audience. Keycloak rebuilds the claims there from the user session with its own
 * client-session context, which would give a credential token every role of its owner. For a credential token this
 * one answers from the token's own claims instead, roles cut to those the owner still holds
 * ({@link AppCredentialTokenBoundary#ownClaims}); every other token is introspected by Keycloak's code unchanged.
 */
public class RestrictedIntrospectionProviderFactory implements TokenIntrospectionProviderFactory, BoundaryHook {

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new Provider(session);
    }

    @Override
    public String getId() {
        return AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        AppCredentialTokenBoundary.checkAtStartup(factory);
    }

    @Override
    public void close() {
    }

    /** Extends Keycloak's provider because the account API casts the provider to it. */
    static final class Provider extends AccessTokenIntrospectionProvider<AccessToken> {

        Provider(KeycloakSession session) {
            super(session);
        }

        @Override
        public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
            if (!AppCredentialTokens.isCredentialToken(token)) {
                return super.transformAccessToken(token, userSession);
            }
            return AppCredentialTokenBoundary.ownClaims(realm, token, userSession == null ? null : userSession.getUser());
        }
    }
}
