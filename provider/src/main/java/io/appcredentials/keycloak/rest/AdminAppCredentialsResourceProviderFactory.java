package io.appcredentials.keycloak.rest;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.appcredentials.keycloak.boundary.AppCredentialTokens;
import io.appcredentials.keycloak.boundary.Surface;

/** Serves {@code /admin/realms/{realm}/app-credentials}. */
public class AdminAppCredentialsResourceProviderFactory implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider {

    public static final String PROVIDER_ID = "app-credentials";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    /**
     * Every request to the admin resource comes through here: a token issued from an application credential may
     * read (within what Keycloak's admin permissions give it) but never create, change or revoke credentials.
     */
    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        if (!Surface.isRead(Surface.method(session)) && AppCredentialTokens.isCredentialToken(auth.adminAuth().getToken())) {
            throw ApiException.forbidden("forbidden", "A token issued from an application credential cannot create, change or revoke application credentials");
        }
        return new AdminAppCredentialsResource(session, realm, auth, adminEvent);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
