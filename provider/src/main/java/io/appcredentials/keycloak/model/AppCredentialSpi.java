package io.appcredentials.keycloak.model;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The extension's storage SPI, {@code app-credentials}: providers {@code jpa} (the database) and {@code default}
 * (the cache layer over it, chosen by its higher {@code order()}: what {@code session.getProvider(AppCredentialProvider.class)}
 * returns).
 * Server options live in its namespace, e.g. {@code --spi-app-credentials--default--purge-interval-seconds}.
 */
public class AppCredentialSpi implements Spi {

    public static final String NAME = "app-credentials";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return AppCredentialProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AppCredentialProviderFactory.class;
    }
}
