package io.appcredentials.keycloak.boundary;

/**
 * Marks a provider factory of this extension that takes the place of one of Keycloak's, and on which the scope
 * boundary of credential tokens relies ({@link BoundaryHooks}). The start-up check asks Keycloak for the provider
 * it really uses in each of these places and expects one of these.
 */
public interface BoundaryHook {
}
