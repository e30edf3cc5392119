package io.appcredentials.keycloak.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.ClientAuthenticatorFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RevokedTokenProvider;
import org.keycloak.models.RevokedTokenProviderFactory;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.DefaultTokenContextEncoderProvider;
import org.keycloak.protocol.oidc.encode.DefaultTokenContextEncoderProviderFactory;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.provider.ProviderFactory;

import io.appcredentials.keycloak.token.AppCredentialClientAuthenticator;
import io.appcredentials.keycloak.token.AppCredentialGrantTypeFactory;

/**
 * The start-up check of the scope boundary: with every hook in force it finds nothing; with any one replaced, it names
 * that hook. Each hook is replaced the way a server option or another Keycloak version would replace it.
 */
class BoundaryHooksTest {

    /** What this server's Keycloak hands out: provider class and id → factory. */
    private final Map<String, ProviderFactory<?>> used = new HashMap<>();
    private final List<ProviderFactory<?>> tokenExchangeProviders = new ArrayList<>();
    private KeycloakSessionFactory factory;

    @BeforeEach
    void everyHookInForce() {
        used.clear();
        tokenExchangeProviders.clear();
        used.put(key(RevokedTokenProvider.class, null), new LeaseRevokedTokenProviderFactory());
        used.put(key(TokenIntrospectionProvider.class, AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE), new RestrictedIntrospectionProviderFactory());
        used.put(key(OAuth2GrantType.class, OAuth2Constants.CLIENT_CREDENTIALS), new AppCredentialGrantTypeFactory());
        used.put(key(ClientAuthenticator.class, "client-secret"), new AppCredentialClientAuthenticator());
        AppCredentialTokenExchangeRefusalFactory refusal = new AppCredentialTokenExchangeRefusalFactory();
        used.put(key(TokenExchangeProvider.class, AppCredentialTokenExchangeRefusalFactory.PROVIDER_ID), refusal);
        tokenExchangeProviders.add(refusal);
        tokenExchangeProviders.add(other(TokenExchangeProviderFactory.class, "standard", 0));
        tokenExchangeProviders.add(other(TokenExchangeProviderFactory.class, "v1", 100));

        factory = mock(KeycloakSessionFactory.class);
        when(factory.getProviderFactory(any())).thenAnswer(i -> used.get(key(i.getArgument(0), null)));
        when(factory.getProviderFactory(any(), any(String.class))).thenAnswer(i -> used.get(key(i.getArgument(0), i.getArgument(1))));
        when(factory.getProviderFactoriesStream(TokenExchangeProvider.class)).thenAnswer(i -> tokenExchangeProviders.stream());
    }

    private static String key(Class<?> provider, String id) {
        return provider.getName() + "/" + id;
    }

    private static <F extends ProviderFactory<?>> F other(Class<F> type, String id, int order) {
        F f = mock(type);
        when(f.getId()).thenReturn(id);
        when(f.order()).thenReturn(order);
        return f;
    }

    private static void assertOneProblem(List<String> problems, String hook) {
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(hook + ":"), problems.get(0));
    }

    @Test
    void withEveryHookInForceThereIsNothingMissing() {
        assertEquals(List.of(), BoundaryHooks.factoryProblems(factory));
        assertEquals(List.of(), BoundaryHooks.codeProblems(getClass().getClassLoader(), BoundaryHooks.BearerHookCode.KEYCLOAK_26_7));
        assertEquals(List.of(), BoundaryHooks.sessionProblems(session(new LeaseRevokedTokenProviderFactory.Provider(null, "infinispan"), encoder())));
    }

    @Test
    void keycloaksOwnRevokedTokenStoreSelected() {
        used.put(key(RevokedTokenProvider.class, null), other(RevokedTokenProviderFactory.class, "infinispan", 0));
        List<String> problems = BoundaryHooks.factoryProblems(factory);
        assertOneProblem(problems, BoundaryHooks.REVOKED_TOKEN_STORE);
        assertTrue(problems.get(0).contains("'infinispan'"), problems.get(0));
    }

    @Test
    void aDatastoreThatHandsOutAnotherRevokedTokenStore() {
        assertOneProblem(BoundaryHooks.sessionProblems(session(mock(RevokedTokenProvider.class), encoder())), BoundaryHooks.REVOKED_TOKEN_STORE);
    }

    @Test
    void keycloaksOwnIntrospection() {
        used.put(key(TokenIntrospectionProvider.class, AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE),
                other(TokenIntrospectionProviderFactory.class, AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE, 0));
        assertOneProblem(BoundaryHooks.factoryProblems(factory), BoundaryHooks.INTROSPECTION);
    }

    @Test
    void anotherClientCredentialsGrant() {
        used.put(key(OAuth2GrantType.class, OAuth2Constants.CLIENT_CREDENTIALS), other(OAuth2GrantTypeFactory.class, OAuth2Constants.CLIENT_CREDENTIALS, 200));
        assertOneProblem(BoundaryHooks.factoryProblems(factory), BoundaryHooks.GRANT);
    }

    @Test
    void anotherClientSecretAuthenticator() {
        used.put(key(ClientAuthenticator.class, "client-secret"), other(ClientAuthenticatorFactory.class, "client-secret", 200));
        assertOneProblem(BoundaryHooks.factoryProblems(factory), BoundaryHooks.CLIENT_AUTHENTICATOR);
    }

    @Test
    void theTokenExchangeRefusalDisabledOrAskedAfterAnother() {
        used.remove(key(TokenExchangeProvider.class, AppCredentialTokenExchangeRefusalFactory.PROVIDER_ID));
        assertOneProblem(BoundaryHooks.factoryProblems(factory), BoundaryHooks.TOKEN_EXCHANGE);

        everyHookInForce();
        tokenExchangeProviders.add(other(TokenExchangeProviderFactory.class, "first", 20_000));
        List<String> problems = BoundaryHooks.factoryProblems(factory);
        assertOneProblem(problems, BoundaryHooks.TOKEN_EXCHANGE);
        assertTrue(problems.get(0).contains("'first'"), problems.get(0));

        everyHookInForce();
        tokenExchangeProviders.add(other(TokenExchangeProviderFactory.class, "tie", new AppCredentialTokenExchangeRefusalFactory().order()));
        assertOneProblem(BoundaryHooks.factoryProblems(factory), BoundaryHooks.TOKEN_EXCHANGE);
    }

    /** A Keycloak whose grant types no longer declare isTokenAllowed (26.8 verifies tokens through another SPI). */
    @Test
    void aGrantTypeInterfaceWithoutIsTokenAllowed() {
        BoundaryHooks.BearerHookCode code = new BoundaryHooks.BearerHookCode(GrantTypeWithoutHook.class.getName(),
                BoundaryHooks.BearerHookCode.KEYCLOAK_26_7.validator(), BoundaryHooks.BearerHookCode.KEYCLOAK_26_7.bearerAuthenticator());
        assertOneProblem(BoundaryHooks.codeProblems(getClass().getClassLoader(), code), BoundaryHooks.BEARER_HOOK);
    }

    /** The method still declared, but the validator that called it is gone or no longer calls it. */
    @Test
    void aValidatorThatIsGoneOrNoLongerCallsIt() {
        BoundaryHooks.BearerHookCode gone = new BoundaryHooks.BearerHookCode(OAuth2GrantType.class.getName(),
                "org.keycloak.services.managers.NoSuchValidator", BoundaryHooks.BearerHookCode.KEYCLOAK_26_7.bearerAuthenticator());
        List<String> problems = BoundaryHooks.codeProblems(getClass().getClassLoader(), gone);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.startsWith(BoundaryHooks.BEARER_HOOK + ":")), problems.toString());

        BoundaryHooks.BearerHookCode silent = new BoundaryHooks.BearerHookCode(OAuth2GrantType.class.getName(),
                ValidatorWithoutCall.class.getName(), ValidatorWithoutCall.class.getName());
        problems = BoundaryHooks.codeProblems(getClass().getClassLoader(), silent);
        assertTrue(problems.get(0).contains("does not call isTokenAllowed"), problems.toString());
    }

    /** Bearer authentication that no longer runs the validator. */
    @Test
    void bearerAuthenticationThatDoesNotRunTheValidator() {
        BoundaryHooks.BearerHookCode code = new BoundaryHooks.BearerHookCode(OAuth2GrantType.class.getName(),
                BoundaryHooks.BearerHookCode.KEYCLOAK_26_7.validator(), ValidatorWithoutCall.class.getName());
        List<String> problems = BoundaryHooks.codeProblems(getClass().getClassLoader(), code);
        assertOneProblem(problems, BoundaryHooks.BEARER_HOOK);
        assertTrue(problems.get(0).contains("does not run"), problems.get(0));
    }

    /** Token ids Keycloak cannot decode to the grant type: Keycloak would skip the bearer hook as for a legacy token. */
    @Test
    void tokenIdsThatNoLongerDecodeToTheGrantType() {
        TokenContextEncoderProvider refusing = mock(TokenContextEncoderProvider.class);
        when(refusing.encodeTokenId(any())).thenAnswer(i -> encoder().encodeTokenId(i.getArgument(0)));
        when(refusing.getTokenContextFromTokenId(any())).thenThrow(new IllegalArgumentException("Incorrect token id"));
        Object store = new LeaseRevokedTokenProviderFactory.Provider(null, "infinispan");
        assertOneProblem(BoundaryHooks.sessionProblems(session((RevokedTokenProvider) store, refusing)), BoundaryHooks.TOKEN_ID);

        TokenContextEncoderProvider legacy = mock(TokenContextEncoderProvider.class);
        when(legacy.encodeTokenId(any())).thenAnswer(i -> encoder().encodeTokenId(i.getArgument(0)));
        when(legacy.getTokenContextFromTokenId(any())).thenAnswer(i -> new AccessTokenContext(AccessTokenContext.SessionType.UNKNOWN,
                AccessTokenContext.TokenType.UNKNOWN, DefaultTokenContextEncoderProvider.UNKNOWN, i.getArgument(0)));
        assertOneProblem(BoundaryHooks.sessionProblems(session((RevokedTokenProvider) store, legacy)), BoundaryHooks.TOKEN_ID);

        assertOneProblem(BoundaryHooks.sessionProblems(session((RevokedTokenProvider) store, null)), BoundaryHooks.TOKEN_ID);
    }

    @Test
    void theOutcomeDecidesWhetherCredentialsAreRefused() {
        AppCredentialTokenBoundary.InForce state = new AppCredentialTokenBoundary.InForce();
        assertTrue(state.notInForce().contains("has not run"), "refused until the check has run");
        state.apply(List.of());
        assertEquals(null, state.notInForce());
        state.apply(List.of(BoundaryHooks.REVOKED_TOKEN_STORE + ": Keycloak uses 'infinispan'"));
        assertTrue(state.notInForce().contains(BoundaryHooks.REVOKED_TOKEN_STORE));
        assertTrue(new AppCredentialTokenBoundary.InForce().notInForce() != null, "each server has its own state");
    }

    private static KeycloakSession session(RevokedTokenProvider revoked, TokenContextEncoderProvider encoder) {
        KeycloakSession session = mock(KeycloakSession.class);
        when(session.revokedTokens()).thenReturn(revoked);
        when(session.getProvider(TokenContextEncoderProvider.class)).thenReturn(encoder);
        return session;
    }

    /** Keycloak's own token id encoding, knowing this extension's client_credentials grant as Keycloak's server does. */
    private static TokenContextEncoderProvider encoder() {
        DefaultTokenContextEncoderProviderFactory encoders = new DefaultTokenContextEncoderProviderFactory();
        encoders.init(null);
        KeycloakSessionFactory sessionFactory = mock(KeycloakSessionFactory.class);
        when(sessionFactory.getProviderFactoriesStream(OAuth2GrantType.class)).thenAnswer(i -> Stream.of(new AppCredentialGrantTypeFactory()));
        encoders.postInit(sessionFactory);
        return encoders.create(mock(KeycloakSession.class));
    }

    /** A grant type interface as a later Keycloak might have it. */
    interface GrantTypeWithoutHook {
    }

    /** Code that makes no call to isTokenAllowed and runs no validator. */
    static final class ValidatorWithoutCall {
        boolean test(Object token) {
            return token != null;
        }
    }
}
