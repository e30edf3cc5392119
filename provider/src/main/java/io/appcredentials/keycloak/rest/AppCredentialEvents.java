package io.appcredentials.keycloak.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import io.appcredentials.keycloak.boundary.AppCredentialTokens;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.service.AppCredentialInput;

/**
 * The audit trail of credential writes: a Keycloak event for every write through the user API and an admin event
 * for every write through the admin API, with the same details. A credential is an OAuth client of its own
 * ({@code client_id} = its ID, a secret, tokens from the token endpoint), so user events use the types Keycloak uses
 * when a client is registered, changed or deleted outside the admin console (dynamic client registration):
 * {@code CLIENT_REGISTER}, {@code CLIENT_UPDATE}, {@code CLIENT_DELETE}, with the credential's ID as the event's
 * client. Never the types of password and second-factor changes ({@code UPDATE_CREDENTIAL},
 * {@code REMOVE_CREDENTIAL}), which Keycloak's {@code email} listener mails about and audit rules read as such.
 */
final class AppCredentialEvents {

    /** The credential's ID. */
    static final String CREDENTIAL = AppCredentialTokens.CLAIM;
    /** What was done: one of {@link Operation}'s values. */
    static final String OPERATION = "app_credential_operation";
    /** The {@code client_id} of the application the credential's tokens are issued for. */
    static final String APPLICATION = "app_credential_application";
    /** For an update: which of name, description, state changed (comma-separated). */
    static final String CHANGED = "app_credential_changed";
    /** The credential's owner (admin events; user events carry the owner as their user). */
    static final String OWNER = "app_credential_owner";
    /** For revoking all of a user's credentials: how many were revoked. */
    static final String COUNT = "app_credential_count";
    /** The client through which the user made the change (the account console, a script's client). */
    static final String ACTING_CLIENT = "acting_client";
    /** For a regenerate with an overlap: the overlap asked for, in seconds. */
    static final String OVERLAP_SECONDS = "overlap_seconds";
    /** For a regenerate with an overlap: until when the previous secret works (ISO-8601). */
    static final String PREVIOUS_SECRET_EXPIRES_AT = "previous_secret_expires_at";

    enum Operation {
        CREATE("create", EventType.CLIENT_REGISTER),
        UPDATE("update", EventType.CLIENT_UPDATE),
        DISABLE("disable", EventType.CLIENT_UPDATE),
        ENABLE("enable", EventType.CLIENT_UPDATE),
        REGENERATE("regenerate", EventType.CLIENT_UPDATE),
        RENEW("renew", EventType.CLIENT_UPDATE),
        REVOKE("revoke", EventType.CLIENT_DELETE),
        REVOKE_ALL("revoke-all", EventType.CLIENT_DELETE),
        /** The previous secret of a rotation overlap ended early. */
        END_OVERLAP("end-overlap", EventType.CLIENT_UPDATE);

        final String value;
        final EventType type;

        Operation(String value, EventType type) {
            this.value = value;
            this.type = type;
        }
    }

    /** A credential's name, description and stored state before a change, to tell what the change did. */
    record Before(String name, String description, AppCredentialState state) {
        static Before of(AppCredentialModel credential) {
            return new Before(credential.getName(), credential.getDescription(), credential.getStoredState());
        }

        /** Disable or enable when the state changed that way, else update. */
        Operation operation(AppCredentialModel after) {
            if (after.getStoredState() != state && after.getStoredState() == AppCredentialState.DISABLED) {
                return Operation.DISABLE;
            }
            if (after.getStoredState() != state && after.getStoredState() == AppCredentialState.ACTIVE) {
                return Operation.ENABLE;
            }
            return Operation.UPDATE;
        }

        String changed(AppCredentialModel after) {
            List<String> fields = new ArrayList<>();
            if (!Objects.equals(name, after.getName())) {
                fields.add("name");
            }
            if (!Objects.equals(description, after.getDescription())) {
                fields.add("description");
            }
            if (after.getStoredState() != state) {
                fields.add("state");
            }
            return String.join(",", fields);
        }
    }

    private AppCredentialEvents() {
    }

    /** A user's write through the user API, as a Keycloak event of the user. */
    static void user(KeycloakSession session, RealmModel realm, UserModel user, ClientModel actingClient, UserSessionModel userSession,
                     Operation operation, AppCredentialModel credential, String changed) {
        user(session, realm, user, actingClient, userSession, operation, credential, changed, Map.of());
    }

    /** As above, with further details (never a secret or a hash). */
    static void user(KeycloakSession session, RealmModel realm, UserModel user, ClientModel actingClient, UserSessionModel userSession,
                     Operation operation, AppCredentialModel credential, String changed, Map<String, String> details) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(operation.type)
                .user(user)
                .client(credential.getId())
                .session(userSession)
                .detail(CREDENTIAL, credential.getId())
                .detail(OPERATION, operation.value);
        ClientModel application = realm.getClientById(credential.getClientUuid());
        if (application != null) {
            event.detail(APPLICATION, application.getClientId());
        }
        if (actingClient != null) {
            event.detail(ACTING_CLIENT, actingClient.getClientId());
        }
        if (changed != null && !changed.isEmpty()) {
            event.detail(CHANGED, changed);
        }
        details.forEach(event::detail);
        event.success();
    }

    /** The details of an admin event about one credential. */
    static AdminEventBuilder admin(AdminEventBuilder event, RealmModel realm, Operation operation, AppCredentialModel credential, String changed) {
        event.detail(CREDENTIAL, credential.getId()).detail(OPERATION, operation.value).detail(OWNER, credential.getUserId());
        ClientModel application = realm.getClientById(credential.getClientUuid());
        if (application != null) {
            event.detail(APPLICATION, application.getClientId());
        }
        if (changed != null && !changed.isEmpty()) {
            event.detail(CHANGED, changed);
        }
        return event;
    }

    /** The details of a regenerate with an overlap (none for one without). */
    static Map<String, String> overlap(Long overlapSeconds, AppCredentialModel credential) {
        if (overlapSeconds == null || overlapSeconds == 0 || credential.getPreviousSecretUntil() == null) {
            return Map.of();
        }
        return Map.of(OVERLAP_SECONDS, Long.toString(overlapSeconds),
                PREVIOUS_SECRET_EXPIRES_AT, AppCredentialInput.iso(credential.getPreviousSecretUntil()));
    }
}
