package io.appcredentials.keycloak.model.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * How a user's link to an identity provider came about (the upstream account it links, and whether the linking proved
 * who the user is), recorded when Keycloak makes the link. One per user and provider; foreign keys to REALM and
 * USER_ENTITY cascade on delete in the changelog.
 */
@Entity
@Table(name = "APP_CREDENTIAL_IDP_LINK")
@NamedQueries({
        @NamedQuery(name = "appCredentialIdpLink.of",
                query = "select l from AppCredentialIdpLinkEntity l where l.realmId = :realmId and l.userId = :userId and l.alias = :alias"),
        @NamedQuery(name = "appCredentialIdpLink.forget",
                query = "delete from AppCredentialIdpLinkEntity l where l.realmId = :realmId and l.userId = :userId and l.alias = :alias"),
})
public class AppCredentialIdpLinkEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "IDP_ALIAS", length = 255, nullable = false)
    private String alias;

    @Column(name = "IDP_USER_ID", length = 255, nullable = false)
    private String upstreamUserId;

    @Column(name = "HOW", length = 16, nullable = false)
    private String how;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getAlias() { return alias; }
    public void setAlias(String alias) { this.alias = alias; }
    public String getUpstreamUserId() { return upstreamUserId; }
    public void setUpstreamUserId(String upstreamUserId) { this.upstreamUserId = upstreamUserId; }
    public String getHow() { return how; }
    public void setHow(String how) { this.how = how; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
}
