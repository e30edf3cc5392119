package io.appcredentials.keycloak.model.jpa;

import java.util.function.UnaryOperator;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.jpa.EventEntity;
import org.keycloak.models.KeycloakSession;

/** Keycloak's stored user events, where an event listener must change what the event store already wrote. */
public final class StoredEvents {

    private StoredEvents() {
    }

    /**
     * Rewrites the client id and the details of the stored event {@code eventId}, when Keycloak's JPA event store
     * wrote it in this transaction (the store runs before the listeners, so its row is still in this transaction's
     * persistence context). Nothing happens without such a row.
     */
    public static void rewrite(KeycloakSession session, String eventId, UnaryOperator<String> rewrite) {
        JpaConnectionProvider jpa = session.getProvider(JpaConnectionProvider.class);
        EventEntity stored = eventId == null || jpa == null ? null : jpa.getEntityManager().find(EventEntity.class, eventId);
        if (stored != null) {
            stored.setClientId(rewrite.apply(stored.getClientId()));
            stored.setDetailsJson(rewrite.apply(stored.getDetailsJson()));
        }
    }
}
