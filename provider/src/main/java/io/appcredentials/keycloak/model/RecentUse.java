package io.appcredentials.keycloak.model;

/** A source address a credential was used from, and when it was last seen there. */
public record RecentUse(String ip, long lastSeenAt) {
}
