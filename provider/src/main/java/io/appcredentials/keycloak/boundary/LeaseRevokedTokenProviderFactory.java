package io.appcredentials.keycloak.boundary;

import java.util.Comparator;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RevokedTokenProvider;
import org.keycloak.models.RevokedTokenProviderFactory;
import org.keycloak.provider.ProviderFactory;


/**
 * Keycloak asks the revoked-token store about every access token it accepts: introspection, userinfo,
 * bearer-authenticated REST (admin and account APIs, realm resources of extensions), token exchange subject
 * tokens, UMA, client registration. For a token issued from a credential this store answers with
 * {@link AppCredentialTokenBoundary}: "revoked" when its lease has ended or when the request is on a surface where
 * credential tokens are not accepted. Every other question goes to Keycloak's own store, chosen as the one that
 * would be the default without this one.
 */
public class LeaseRevokedTokenProviderFactory implements RevokedTokenProviderFactory<RevokedTokenProvider>, BoundaryHook {

    public static final String PROVIDER_ID = "app-credentials-lease";
    private static final Logger LOG = Logger.getLogger(LeaseRevokedTokenProviderFactory.class);

    private volatile String delegateId;

    @Override
    public RevokedTokenProvider create(KeycloakSession session) {
        return new Provider(session, delegateId);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        delegateId = factory.getProviderFactoriesStream(RevokedTokenProvider.class)
                .map(f -> (ProviderFactory<?>) f)
                .filter(f -> !PROVIDER_ID.equals(f.getId()))
                .max(Comparator.comparingInt(ProviderFactory<?>::order))
                .map(ProviderFactory<?>::getId)
                .orElseThrow(() -> new IllegalStateException("No revoked-token store to delegate to"));
        LOG.debugf("Revoked-token store '%s' wraps '%s'", PROVIDER_ID, delegateId);
        AppCredentialTokenBoundary.checkAtStartup(factory);
    }

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    static final class Provider implements RevokedTokenProvider {
        private final KeycloakSession session;
        private final String delegateId;
        private RevokedTokenProvider delegate;

        Provider(KeycloakSession session, String delegateId) {
            this.session = session;
            this.delegateId = delegateId;
        }

        private RevokedTokenProvider delegate() {
            if (delegate == null) {
                delegate = session.getProvider(RevokedTokenProvider.class, delegateId);
            }
            return delegate;
        }

        @Override
        public boolean put(String id, long lifespanSeconds) {
            return delegate().put(id, lifespanSeconds);
        }

        @Override
        public boolean contains(String id) {
            AppCredentialTokens.Parsed parsed = AppCredentialTokens.parse(id);
            if (parsed != null && AppCredentialTokenBoundary.refuses(session, parsed)) {
                return true;
            }
            return delegate().contains(id);
        }

        @Override
        public void close() {
        }
    }
}
