package io.appcredentials.keycloak.model;

/**
 * Filter of the admin listing; null fields do not filter. {@code viewableOwnersOnly}: only credentials whose owner the
 * calling administrator may view under the realm's fine-grained admin permissions (v2), decided in the query as
 * Keycloak's own user list decides it, so that paging stays exact.
 */
public record AppCredentialFilter(String userId, String clientUuid, AppCredentialState state, long nowMillis, boolean viewableOwnersOnly) {

    public AppCredentialFilter(String userId, String clientUuid, AppCredentialState state, long nowMillis) {
        this(userId, clientUuid, state, nowMillis, false);
    }
}
