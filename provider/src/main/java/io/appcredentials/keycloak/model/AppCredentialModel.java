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

    /**
     * Generation of the tokens issued from this credential: every token carries it in its {@code jti}, and only
     * tokens of the current generation are accepted. Stored in the column {@code SECRET_VERSION}.
     */
    int getTokenGeneration();

    /** Replaces the secret hash and ends every token issued so far. */
    void replaceSecret(String hashKeyId, String secretHash);

    /** Ends every token issued so far (disable, suspension): they stay dead if the credential comes back. */
    void endIssuedTokens();

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
