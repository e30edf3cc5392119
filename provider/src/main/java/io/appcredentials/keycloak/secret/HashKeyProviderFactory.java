package io.appcredentials.keycloak.secret;

import java.util.List;
import java.util.stream.Stream;

import javax.crypto.spec.SecretKeySpec;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Base64Url;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.KeyStatus;
import org.keycloak.crypto.KeyType;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.keys.AbstractGeneratedSecretKeyProviderFactory;
import org.keycloak.keys.Attributes;
import org.keycloak.keys.KeyProvider;
import org.keycloak.keys.SecretKeyProviderUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * A realm key provider for the key that application credential secrets are hashed with.
 *
 * <p>The key is an ordinary Keycloak realm key (Realm settings → Keys): stored by Keycloak's component store,
 * not in the credential table, created on first use, rotatable by adding a provider with a higher priority
 * (credentials keep the key id they were hashed with, so older keys keep verifying while they are enabled).
 * It has its own algorithm name so that it is never picked to sign or encrypt anything else.
 */
public class HashKeyProviderFactory extends AbstractGeneratedSecretKeyProviderFactory<KeyProvider> {

    public static final String PROVIDER_ID = "app-credentials-hmac-generated";
    /** Algorithm name under which the key is registered; not a JOSE algorithm on purpose. */
    public static final String ALGORITHM = "APPCRED-HS256";
    public static final KeyUse USE = KeyUse.ENC;
    private static final int DEFAULT_SIZE = 32;

    private static final Logger LOG = Logger.getLogger(HashKeyProviderFactory.class);

    private static final List<ProviderConfigProperty> CONFIG = SecretKeyProviderUtils.configurationBuilder()
            .property(Attributes.SECRET_SIZE_PROPERTY)
            .build();

    @Override
    public KeyProvider create(KeycloakSession session, ComponentModel model) {
        return new HashKeyProvider(model);
    }

    @Override
    public boolean createFallbackKeys(KeycloakSession session, KeyUse keyUse, String algorithm) {
        if (keyUse != USE || !ALGORITHM.equals(algorithm)) {
            return false;
        }
        RealmModel realm = session.getContext().getRealm();
        ComponentModel generated = new ComponentModel();
        generated.setName("app-credentials-hmac");
        generated.setParentId(realm.getId());
        generated.setProviderId(PROVIDER_ID);
        generated.setProviderType(KeyProvider.class.getName());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(Attributes.PRIORITY_KEY, "100");
        config.putSingle(Attributes.SECRET_SIZE_KEY, Integer.toString(DEFAULT_SIZE));
        generated.setConfig(config);
        realm.addComponentModel(generated);
        return true;
    }

    @Override
    public String getHelpText() {
        return "Generates the secret key that application credential secrets are hashed with (HMAC-SHA256)";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    protected Logger logger() {
        return LOG;
    }

    @Override
    protected int getDefaultKeySize() {
        return DEFAULT_SIZE;
    }

    static final class HashKeyProvider implements KeyProvider {
        private final KeyWrapper key;

        HashKeyProvider(ComponentModel model) {
            KeyWrapper k = new KeyWrapper();
            k.setProviderId(model.getId());
            k.setProviderPriority(model.get(Attributes.PRIORITY_KEY, 0L));
            k.setKid(model.get(Attributes.KID_KEY));
            k.setUse(USE);
            k.setType(KeyType.OCT);
            k.setAlgorithm(ALGORITHM);
            k.setStatus(KeyStatus.from(model.get(Attributes.ACTIVE_KEY, true), model.get(Attributes.ENABLED_KEY, true)));
            k.setSecretKey(new SecretKeySpec(Base64Url.decode(model.get(Attributes.SECRET_KEY)), "HmacSHA256"));
            this.key = k;
        }

        @Override
        public Stream<KeyWrapper> getKeysStream() {
            return Stream.of(key);
        }

        @Override
        public void close() {
        }
    }
}
