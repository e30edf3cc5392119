package io.appcredentials.keycloak.model;

import org.keycloak.provider.ProviderFactory;

/** Factory of {@link AppCredentialProvider}s. */
public interface AppCredentialProviderFactory extends ProviderFactory<AppCredentialProvider> {
}
