package io.appcredentials.keycloak.model.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One creation or secret regeneration of an owner's credential, kept for an hour so that creations per owner can be
 * counted over any hour. Foreign keys to REALM and USER_ENTITY cascade on delete in the changelog.
 */
@Entity
@Table(name = "APP_CREDENTIAL_ISSUE")
@NamedQueries({
        @NamedQuery(name = "appCredentialIssue.since",
                query = "select i from AppCredentialIssueEntity i where i.realmId = :realmId and i.userId = :userId "
                        + "and i.issuedAt > :since order by i.issuedAt"),
        @NamedQuery(name = "appCredentialIssue.countSince",
                query = "select count(i) from AppCredentialIssueEntity i where i.realmId = :realmId and i.userId = :userId "
                        + "and i.issuedAt > :since"),
        @NamedQuery(name = "appCredentialIssue.forgetOwners",
                query = "delete from AppCredentialIssueEntity i where i.realmId = :realmId and i.userId = :userId and i.issuedAt <= :before"),
        @NamedQuery(name = "appCredentialIssue.forget",
                query = "delete from AppCredentialIssueEntity i where i.realmId = :realmId and i.issuedAt <= :before"),
})
public class AppCredentialIssueEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "ISSUED_AT", nullable = false)
    private long issuedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public long getIssuedAt() { return issuedAt; }
    public void setIssuedAt(long issuedAt) { this.issuedAt = issuedAt; }
}
