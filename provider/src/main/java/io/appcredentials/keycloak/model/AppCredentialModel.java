package io.appcredentials.keycloak.model;

import java.util.Set;

/** An application credential as the rest of the extension sees it; the storage behind it is JPA. */
public interface AppCredentialModel {

    String getId();

    String getRealmId();

    String getUserId();

    /** Internal id of the target application client. */
    String getClientUuid();

    String getName();

    void setName(String name);

    String getDescription();

    void setDescription(String description);

    /** Ids of the granted realm and client roles. */
    Set<String> getRoleIds();

    /** Names of the granted optional client scopes. */
    Set<String> getScopes();

    String getSecretHash();

    String getHashKeyId();

    int getSecretVersion();

    /** Replaces the secret hash and bumps the secret version. */
    void replaceSecret(String hashKeyId, String secretHash);

    /** Stored state (never {@link AppCredentialState#EXPIRED}). */
    AppCredentialState getStoredState();

    void setStoredState(AppCredentialState state);

    /** State as users see it: the stored state, or expired once past the expiry time. */
    default AppCredentialState getState(long nowMillis) {
        AppCredentialState stored = getStoredState();
        if (stored != AppCredentialState.REVOKED && nowMillis >= getExpiresAt()) {
            return AppCredentialState.EXPIRED;
        }
        return stored;
    }

    long getCreatedAt();

    long getExpiresAt();

    void setExpiresAt(long expiresAt);

    Long getRevokedAt();

    Long getLastUsedAt();

    String getLastUsedIp();

    long getUseCount();

    String getMfa();

    String getCreatedBy();

    boolean isCreatedByAdmin();
}
