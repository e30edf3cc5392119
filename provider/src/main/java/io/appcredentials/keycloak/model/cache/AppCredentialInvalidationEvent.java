package io.appcredentials.keycloak.model.cache;

import java.util.List;

import org.infinispan.protostream.annotations.ProtoFactory;
import org.infinispan.protostream.annotations.ProtoField;
import org.infinispan.protostream.annotations.ProtoTypeId;
import org.keycloak.cluster.ClusterEvent;

/**
 * "Forget these credentials": sent through Keycloak's cluster messaging after a transaction that changed them
 * commits, and received by every node (the sender included). Marshalled with ProtoStream as Keycloak 26 marshals
 * its own cluster events ({@link CacheSchema}).
 */
@ProtoTypeId(AppCredentialInvalidationEvent.TYPE_ID)
public final class AppCredentialInvalidationEvent implements ClusterEvent {

    /** ProtoStream type id: above Infinispan's reserved range and far from Keycloak's own (65536 and up). */
    static final int TYPE_ID = 1_651_001;

    private final List<String> credentialIds;

    @ProtoFactory
    public AppCredentialInvalidationEvent(List<String> credentialIds) {
        this.credentialIds = List.copyOf(credentialIds);
    }

    @ProtoField(1)
    public List<String> getCredentialIds() {
        return credentialIds;
    }

    @Override
    public String toString() {
        return "AppCredentialInvalidationEvent " + credentialIds;
    }
}
