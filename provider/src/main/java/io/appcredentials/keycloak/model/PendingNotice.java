package io.appcredentials.keycloak.model;

import java.util.Locale;

/**
 * A "new credential" mail the owner is still owed: recorded in the transaction that created the credential or
 * regenerated its secret, and cleared by whoever sends it (so that it is sent once, and retried until then).
 *
 * @param kind what happened
 * @param actor username of who did it (the owner, or an administrator), as it was then
 * @param byAdmin whether an administrator did it for the owner
 * @param ip the address the request came from
 * @param at when (epoch milliseconds)
 */
public record PendingNotice(Kind kind, String actor, boolean byAdmin, String ip, long at) {

    public enum Kind {
        CREATED, REGENERATED,
        /** disabled by the idle job (sent by the mail job, one mail per credential, never with the others) */
        IDLE;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind with this stored value, or null. */
        public static Kind of(String value) {
            return Enums.byValue(Kind.class, value, Kind::value);
        }
    }
}
