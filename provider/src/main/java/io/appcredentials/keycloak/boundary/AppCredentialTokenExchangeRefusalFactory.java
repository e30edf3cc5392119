package io.appcredentials.keycloak.boundary;

import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;

/**
 * Token exchange never takes a token issued from an application credential, as subject or as actor token: the new
 * token would be built from the owner's roles, not the credential's, and would outlive a revocation. Keycloak asks
 * the token-exchange providers in order of priority which one supports a request; this one comes first and claims
 * exactly those requests, to refuse them with a clear error. (The revoked-token check would refuse them as well:
 * the token endpoint is not a surface where credential tokens are accepted.)
 */
public class AppCredentialTokenExchangeRefusalFactory implements TokenExchangeProviderFactory, BoundaryHook {

    public static final String PROVIDER_ID = "app-credentials-refusal";

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new Refusal();
    }

    @Override
    public int order() {
        return 10_000;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
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

    static final class Refusal implements TokenExchangeProvider {

        @Override
        public boolean supports(TokenExchangeContext context) {
            return isCredentialToken(context.getParams().getSubjectToken()) || isCredentialToken(context.getParams().getActorToken());
        }

        @Override
        public Response exchange(TokenExchangeContext context) {
            String message = "Tokens issued from application credentials cannot be exchanged";
            context.getEvent().detail(Details.REASON, message);
            context.getEvent().error(Errors.INVALID_TOKEN);
            throw new CorsErrorResponseException(context.getCors(), OAuthErrorException.INVALID_REQUEST, message, Response.Status.BAD_REQUEST);
        }

        @Override
        public void close() {
        }

        /**
         * Read without checking the signature: this only ever refuses, so a forged token can do no more than be
         * refused here, and a genuine one is recognised by its signed claims.
         */
        static boolean isCredentialToken(String encoded) {
            if (encoded == null || encoded.isBlank()) {
                return false;
            }
            try {
                return AppCredentialTokens.isCredentialToken(new JWSInput(encoded).readJsonContent(AccessToken.class));
            } catch (Exception notAJwt) {
                return false;
            }
        }
    }
}
