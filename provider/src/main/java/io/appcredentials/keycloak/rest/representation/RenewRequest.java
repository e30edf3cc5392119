package io.appcredentials.keycloak.rest.representation;

/** Body of {@code POST /{id}/renew}; without {@code expiresAt}: now + the policy's default lifetime. */
public class RenewRequest {
    public String expiresAt;
}
