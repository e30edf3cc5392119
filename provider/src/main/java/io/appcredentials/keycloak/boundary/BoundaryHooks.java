package io.appcredentials.keycloak.boundary;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RevokedTokenProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.representations.AccessToken;

import io.appcredentials.keycloak.secret.AppCredentialSecrets;

/**
 * Every place in Keycloak where the scope boundary of credential tokens is enforced, and how to see at start-up that
 * this server really goes through it. A server configured to use other providers there, or a Keycloak version whose
 * code no longer makes the call, would accept credential tokens where they must be refused; each check names the
 * hook it found missing.
 *
 * <ol>
 *   <li><b>revoked-token store</b>: Keycloak asks it about every access token it accepts; this extension's answers
 *       for credential tokens from the request's surface. Checked: the default store is this extension's, and a
 *       session's {@code revokedTokens()} (which goes through Keycloak's datastore) hands it out.</li>
 *   <li><b>access-token introspection</b>: answers credential tokens from their own claims (the account API uses it
 *       too).</li>
 *   <li><b>client_credentials grant</b>: issues credential tokens, and its {@code isTokenAllowed} is the bearer
 *       hook below.</li>
 *   <li><b>bearer-token hook</b>: Keycloak's bearer authentication of REST resources (admin, account, extensions)
 *       asks the grant type of a token, recovered from the token id, whether the token is allowed there. Checked in
 *       Keycloak's own code: the grant type interface declares {@code isTokenAllowed}, the validator calls it, and
 *       bearer authentication runs the validator.</li>
 *   <li><b>token id decoding</b>: Keycloak recovers the grant type from the context prefix of a token id; a credential
 *       token id must still decode to {@code client_credentials}, or Keycloak would treat it as a legacy token and
 *       skip the bearer hook.</li>
 *   <li><b>client-secret client authenticator</b>: verifies credentials, and refuses them at the token endpoint
 *       while the boundary is not in force.</li>
 *   <li><b>token-exchange refusal</b>: must be the token-exchange provider Keycloak asks first.</li>
 * </ol>
 */
final class BoundaryHooks {

    static final String REVOKED_TOKEN_STORE = "revoked-token store";
    static final String INTROSPECTION = "access-token introspection";
    static final String GRANT = "client_credentials grant";
    static final String BEARER_HOOK = "bearer-token hook";
    static final String TOKEN_ID = "token id decoding";
    static final String CLIENT_AUTHENTICATOR = "client-secret client authenticator";
    static final String TOKEN_EXCHANGE = "token-exchange refusal";

    static final String CLIENT_SECRET_AUTHENTICATOR_ID = "client-secret";

    /** The Keycloak classes through which bearer authentication reaches {@code isTokenAllowed}. */
    record BearerHookCode(String grantTypeInterface, String validator, String bearerAuthenticator) {
        static final BearerHookCode KEYCLOAK_26_7 = new BearerHookCode(
                "org.keycloak.protocol.oidc.grants.OAuth2GrantType",
                "org.keycloak.services.managers.GrantTypeEndpointRestrictionValidator",
                "org.keycloak.services.managers.AppAuthManager$BearerTokenAuthenticator");
    }

    private BoundaryHooks() {
    }

    /** What is missing among the providers Keycloak uses; each entry starts with the hook's name. */
    static List<String> factoryProblems(KeycloakSessionFactory factory) {
        List<String> problems = new ArrayList<>();
        ProviderFactory<?> revoked = factory.getProviderFactory(RevokedTokenProvider.class);
        if (!(revoked instanceof LeaseRevokedTokenProviderFactory)) {
            problems.add(REVOKED_TOKEN_STORE + ": Keycloak uses '" + id(revoked) + "', not '" + LeaseRevokedTokenProviderFactory.PROVIDER_ID + "'");
        }
        check(problems, INTROSPECTION, factory.getProviderFactory(TokenIntrospectionProvider.class,
                AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE));
        check(problems, GRANT, factory.getProviderFactory(OAuth2GrantType.class, OAuth2Constants.CLIENT_CREDENTIALS));
        check(problems, CLIENT_AUTHENTICATOR, factory.getProviderFactory(ClientAuthenticator.class, CLIENT_SECRET_AUTHENTICATOR_ID));

        ProviderFactory<?> refusal = factory.getProviderFactory(TokenExchangeProvider.class, AppCredentialTokenExchangeRefusalFactory.PROVIDER_ID);
        if (!(refusal instanceof BoundaryHook)) {
            problems.add(TOKEN_EXCHANGE + ": the provider '" + AppCredentialTokenExchangeRefusalFactory.PROVIDER_ID + "' is not installed or disabled");
        } else {
            int order = refusal.order();
            Optional<ProviderFactory<?>> before = factory.getProviderFactoriesStream(TokenExchangeProvider.class)
                    .<ProviderFactory<?>>map(f -> f)
                    .filter(f -> f != refusal && f.order() >= order)
                    .max(Comparator.comparingInt(f -> f.order()));
            before.ifPresent(f -> problems.add(TOKEN_EXCHANGE + ": Keycloak asks the token-exchange provider '" + f.getId()
                    + "' (order " + f.order() + ") before '" + AppCredentialTokenExchangeRefusalFactory.PROVIDER_ID + "' (order " + refusal.order() + ")"));
        }
        return problems;
    }

    private static void check(List<String> problems, String hook, ProviderFactory<?> used) {
        if (!(used instanceof BoundaryHook)) {
            problems.add(hook + ": Keycloak uses " + (used == null ? "no provider" : "'" + used.getId() + "' (" + used.getClass().getName() + ")")
                    + ", not this extension's");
        }
    }

    private static String id(ProviderFactory<?> factory) {
        return factory == null ? null : factory.getId();
    }

    /**
     * Whether Keycloak's own code still makes the call the bearer hook needs (a newer Keycloak that verifies tokens
     * another way would silently stop asking {@code isTokenAllowed}).
     */
    static List<String> codeProblems(ClassLoader loader, BearerHookCode code) {
        List<String> problems = new ArrayList<>();
        try {
            Class<?> grantType = Class.forName(code.grantTypeInterface(), false, loader);
            grantType.getMethod("isTokenAllowed", KeycloakSession.class, AccessToken.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            problems.add(BEARER_HOOK + ": " + code.grantTypeInterface() + " does not declare isTokenAllowed(KeycloakSession, AccessToken)");
            return problems;
        }
        try {
            ClassFileReferences validator = ClassFileReferences.of(loader, code.validator());
            if (validator == null || !validator.callsMethod(code.grantTypeInterface(), "isTokenAllowed")) {
                problems.add(BEARER_HOOK + ": " + (validator == null ? code.validator() + " does not exist"
                        : code.validator() + " does not call isTokenAllowed"));
            }
            ClassFileReferences bearer = ClassFileReferences.of(loader, code.bearerAuthenticator());
            if (bearer == null || !bearer.namesClass(code.validator())) {
                problems.add(BEARER_HOOK + ": " + (bearer == null ? code.bearerAuthenticator() + " does not exist"
                        : code.bearerAuthenticator() + " does not run " + code.validator()));
            }
        } catch (IOException | RuntimeException e) {
            problems.add(BEARER_HOOK + ": Keycloak's classes could not be read (" + e + ")");
        }
        return problems;
    }

    /** What a session of this server shows missing: the datastore's revoked-token store, the token id decoding. */
    static List<String> sessionProblems(KeycloakSession session) {
        List<String> problems = new ArrayList<>();
        RevokedTokenProvider revoked = session.revokedTokens();
        if (!(revoked instanceof LeaseRevokedTokenProviderFactory.Provider)) {
            problems.add(REVOKED_TOKEN_STORE + ": a session's revokedTokens() is " + (revoked == null ? "null" : revoked.getClass().getName())
                    + ", not this extension's (Keycloak's datastore hands out another store)");
        }
        TokenContextEncoderProvider encoder = session.getProvider(TokenContextEncoderProvider.class);
        if (encoder == null) {
            problems.add(TOKEN_ID + ": Keycloak has no token context encoder");
            return problems;
        }
        try {
            String credentialId = AppCredentialSecrets.newId();
            String keycloakId = encoder.encodeTokenId(new AccessTokenContext(AccessTokenContext.SessionType.TRANSIENT,
                    AccessTokenContext.TokenType.REGULAR, OAuth2Constants.CLIENT_CREDENTIALS, "0123456789abcdef"));
            String tokenId = AppCredentialTokens.encode(keycloakId, credentialId, 1);
            AccessTokenContext decoded = encoder.getTokenContextFromTokenId(tokenId);
            AppCredentialTokens.Parsed parsed = AppCredentialTokens.parse(tokenId);
            if (decoded == null || !OAuth2Constants.CLIENT_CREDENTIALS.equals(decoded.getGrantType())) {
                problems.add(TOKEN_ID + ": a credential token id decodes to grant type '" + (decoded == null ? null : decoded.getGrantType())
                        + "', not client_credentials");
            } else if (parsed == null || !credentialId.equals(parsed.credentialId())) {
                problems.add(TOKEN_ID + ": Keycloak's token ids no longer carry the credential");
            }
        } catch (RuntimeException e) {
            problems.add(TOKEN_ID + ": a credential token id cannot be encoded and decoded (" + e.getMessage() + ")");
        }
        return problems;
    }
}
