package io.appcredentials.keycloak.token;

import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RoleModel;
import org.keycloak.rar.AuthorizationRequestContext;

/**
 * Keycloak's client session context with the roles cut down to those the credential grants. Every protocol
 * mapper (realm roles, client roles, audience resolve, custom ones) reads roles from here, so tokens carry
 * granted ∩ the owner's current effective roles ∩ the application's scope, computed at every token request.
 */
final class RestrictedClientSessionContext implements ClientSessionContext {

    private final ClientSessionContext delegate;
    private final Set<String> allowedRoleIds;

    /** @param allowedRoleIds the granted roles with their composites expanded */
    RestrictedClientSessionContext(ClientSessionContext delegate, Set<String> allowedRoleIds) {
        this.delegate = delegate;
        this.allowedRoleIds = allowedRoleIds;
    }

    @Override
    public Stream<RoleModel> getRolesStream() {
        return delegate.getRolesStream().filter(r -> allowedRoleIds.contains(r.getId()));
    }

    @Override
    public AuthenticatedClientSessionModel getClientSession() {
        return delegate.getClientSession();
    }

    @Override
    public Set<String> getClientScopeIds() {
        return delegate.getClientScopeIds();
    }

    @Override
    public Stream<ClientScopeModel> getClientScopesStream() {
        return delegate.getClientScopesStream();
    }

    @Override
    public boolean isOfflineTokenRequested() {
        return false;
    }

    @Override
    public Stream<ProtocolMapperModel> getProtocolMappersStream() {
        return delegate.getProtocolMappersStream();
    }

    @Override
    public String getScopeString() {
        return delegate.getScopeString();
    }

    @Override
    public String getScopeString(boolean ignoreIncludeInTokenScope) {
        return delegate.getScopeString(ignoreIncludeInTokenScope);
    }

    @Override
    public void setAttribute(String name, Object value) {
        delegate.setAttribute(name, value);
    }

    @Override
    public <T> T getAttribute(String attribute, Class<T> clazz) {
        return delegate.getAttribute(attribute, clazz);
    }

    @Override
    public AuthorizationRequestContext getAuthorizationRequestContext() {
        return delegate.getAuthorizationRequestContext();
    }
}
