package io.appcredentials.keycloak.model;

/** Filter of the admin listing; null fields do not filter. */
public record CredentialFilter(String userId, String clientUuid, AppCredentialState state, long nowMillis) {
}
