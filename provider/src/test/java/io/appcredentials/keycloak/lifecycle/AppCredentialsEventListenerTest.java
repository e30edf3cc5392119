package io.appcredentials.keycloak.lifecycle;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmProvider;

/**
 * The listener's second-factor-removal path runs on Keycloak's credential events, never on an event about one of
 * this extension's credentials, whatever its type.
 */
class AppCredentialsEventListenerTest {

    private static Event event(EventType type, Map<String, String> details) {
        Event event = new Event();
        event.setType(type);
        event.setRealmId("realm-id");
        event.setUserId("user-id");
        event.setDetails(details);
        return event;
    }

    @Test
    void anEventAboutAnApplicationCredentialIsNotASecondFactorChange() {
        for (EventType type : new EventType[] {EventType.UPDATE_CREDENTIAL, EventType.REMOVE_CREDENTIAL, EventType.CLIENT_REGISTER,
                EventType.CLIENT_UPDATE, EventType.CLIENT_DELETE}) {
            KeycloakSession session = mock(KeycloakSession.class);
            new AppCredentialsEventListenerFactory.Listener(session).onEvent(event(type, Map.of("app_credential", "ac_0123456789abcdefghjk")));
            verify(session, never()).realms();
        }
    }

    @Test
    void keycloaksOwnCredentialEventsStillRunIt() {
        KeycloakSession session = mock(KeycloakSession.class);
        RealmProvider realms = mock(RealmProvider.class);
        when(session.realms()).thenReturn(realms);
        new AppCredentialsEventListenerFactory.Listener(session).onEvent(event(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "otp")));
        verify(realms).getRealm(any());
    }
}
