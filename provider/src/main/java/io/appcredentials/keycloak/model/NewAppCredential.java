package io.appcredentials.keycloak.model;

import java.util.List;
import java.util.Set;

import io.appcredentials.keycloak.restriction.AccessRule;
import io.appcredentials.keycloak.restriction.Cidr;

/** Data of a credential to create; the id and the secret's hash are computed by the caller. */
public record NewAppCredential(String id, String ownerId, String clientUuid, String name, String description,
                            Set<String> roleIds, Set<String> scopes, String hashKeyId, String secretHash,
                            long createdAt, long expiresAt, String mfa, String createdBy, boolean createdByAdmin,
                            List<AccessRule> accessRules, List<Cidr> allowedCidrs, boolean requireDpop) {
}
