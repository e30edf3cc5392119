package io.appcredentials.keycloak.model.cache;

import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's record of when it last wrote a use of each credential to the database synchronously (the durable-use
 * marker of idle retirement, only in realms with {@code maxIdleDays} on): a token request writes the use before its
 * token is issued unless this node wrote one within the last {@value #WINDOW_MINUTES} minutes. So the row's last use
 * is never more than that behind a real use on any node, whatever the batched usage flush has written yet, and the
 * idle job, whose cut leaves an hour of margin, never retires a credential used within the window.
 */
public final class DurableUses {

    static final int WINDOW_MINUTES = 50;
    static final long WINDOW_MILLIS = WINDOW_MINUTES * 60_000L;
    /** Past this many entries the map is emptied (the next use of each credential writes again): bounded memory. */
    static final int MAX_ENTRIES = 200_000;

    private final ConcurrentHashMap<String, Long> written = new ConcurrentHashMap<>();

    /**
     * Whether a use at {@code nowMillis} must be written now: no write recorded, or the last one is
     * {@value #WINDOW_MINUTES} minutes old or more (or in the future: the clock was set back).
     */
    public boolean needsWrite(String id, long nowMillis) {
        Long last = written.get(id);
        return last == null || last > nowMillis || nowMillis - last >= WINDOW_MILLIS;
    }

    /** Records a write that has committed. */
    public void written(String id, long atMillis) {
        if (written.size() >= MAX_ENTRIES) {
            written.clear();
        }
        written.merge(id, atMillis, Math::max);
    }

    /** Forgets every write (tests; a node's restart forgets them too). */
    public void clear() {
        written.clear();
    }
}
