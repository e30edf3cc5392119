package io.appcredentials.keycloak.model.cache;

import java.util.List;

import org.infinispan.protostream.annotations.ProtoFactory;
import org.infinispan.protostream.annotations.ProtoField;
import org.infinispan.protostream.annotations.ProtoTypeId;
import org.keycloak.cluster.ClusterEvent;

/**
 * "Forget these credentials, and those that grant these roles": sent through Keycloak's cluster messaging after a
 * transaction that changed the credentials or deleted the roles commits, and received by every node (the sender
 * included). Marshalled with ProtoStream as Keycloak 26 marshals
 * its own cluster events ({@link CacheSchema}).
 */
@ProtoTypeId(AppCredentialInvalidationEvent.TYPE_ID)
public final class AppCredentialInvalidationEvent implements ClusterEvent {

    /** ProtoStream type id: above Infinispan's reserved range and far from Keycloak's own (65536 and up). */
    static final int TYPE_ID = 1_651_001;

    private final List<String> credentialIds;
    private final List<String> removedRoleIds;

    @ProtoFactory
    public AppCredentialInvalidationEvent(List<String> credentialIds, List<String> removedRoleIds) {
        this.credentialIds = credentialIds == null ? List.of() : List.copyOf(credentialIds);
        this.removedRoleIds = removedRoleIds == null ? List.of() : List.copyOf(removedRoleIds);
    }

    @ProtoField(1)
    public List<String> getCredentialIds() {
        return credentialIds;
    }

    /** Roles deleted: every lease that grants one of them is forgotten (it would name a role that no longer exists). */
    @ProtoField(2)
    public List<String> getRemovedRoleIds() {
        return removedRoleIds;
    }

    @Override
    public String toString() {
        return "AppCredentialInvalidationEvent " + credentialIds + (removedRoleIds.isEmpty() ? "" : " roles " + removedRoleIds);
    }
}
