package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.DatabaseRows;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;

/**
 * What a restart of the server on the same database keeps (README "Production", Database): the credentials' rows
 * with their stored hashes, the realm's hash key (its component and config), the realm policy, the extension's
 * Liquibase changelog (run again at start-up: nothing re-executed, nothing logged as an error), and working secrets.
 * Folded into the one restart of the default suite ({@code NotificationIT}), so that it costs no restart of its own;
 * it runs on whatever database the run uses (H2, and PostgreSQL and MariaDB with {@code -Dit.db} / {@code -Pdatabases}).
 */
final class RestartPersistence {

    /** Columns a restart must not change (the use counts and mail columns may move: pending uses are written at shutdown). */
    private static final List<String> STABLE = List.of("ID", "REALM_ID", "USER_ID", "CLIENT_UUID", "NAME", "DESCRIPTION", "ROLES",
            "SCOPES", "SECRET_HASH", "HASH_KEY_ID", "SECRET_VERSION", "STATE", "CREATED_AT", "EXPIRES_AT", "REVOKED_AT", "ACCESS_RULES");
    private static final Duration H2_WRITE = Duration.ofSeconds(30);

    private RestartPersistence() {
    }

    /** Runs {@code restart} and checks that everything above survived it; the realm policy is restored after. */
    static void across(KeycloakServer server, Runnable restart) {
        Demo.TestUser user = Demo.aliceLike(server);
        String token = user.token(server);
        JsonNode active = Demo.create(server, token, Map.of("name", "survivor-" + UUID.randomUUID().toString().substring(0, 8),
                "description", "kept across a restart"));
        JsonNode revoked = Demo.create(server, token, Map.of("name", "revoked-" + UUID.randomUUID().toString().substring(0, 8)));
        String id = active.get("id").asText();
        String secret = active.get("secret").asText();
        assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + revoked.get("id").asText(), token).status());
        JsonNode policy = Demo.setPolicy(server, Map.of("accessTokenLifespanSeconds", 123, "maxPerUser", 9));
        try {
            assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "control: works before the restart");
            String realmId = Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM, Demo.masterAdminToken(server)).json().get("id").asText();

            // before: the rows as the database has them (H2: once its file has them)
            assertEquals(1, DatabaseRows.awaitCount(server, 1, H2_WRITE,
                    "SELECT COUNT(*) FROM APP_CREDENTIAL WHERE ID = ? AND STATE = 'active'", id), "control: the row is in the database");
            assertEquals(1, DatabaseRows.awaitCount(server, 1, H2_WRITE,
                    "SELECT COUNT(*) FROM APP_CREDENTIAL WHERE ID = ? AND STATE = 'revoked'", revoked.get("id").asText()),
                    "control: the revoke is in the database");
            Map<String, Object> rowBefore = stable(row(server, id));
            assertTrue(String.valueOf(rowBefore.get("SECRET_HASH")).length() >= 40, "control: a stored hash");
            String keyBefore = hashKeyConfig(server, realmId);
            List<Map<String, Object>> changelogBefore = changelog(server);
            assertFalse(changelogBefore.isEmpty(), "control: the extension's changelog is recorded in DATABASECHANGELOG_APP_CREDEN");
            JsonNode policyBefore = Http.get(Demo.policyUrl(server), Demo.masterAdminToken(server)).json();
            String kidBefore = hashKid(server);
            int logMark = server.logText().length();

            restart.run();

            String log = server.logText();
            String sinceRestart = log.length() >= logMark ? log.substring(logMark) : log;
            List<String> changelogErrors = sinceRestart.lines()
                    .filter(l -> l.contains("ERROR") || l.contains("Exception"))
                    .filter(l -> l.toLowerCase().contains("liquibase") || l.toLowerCase().contains("changelog") || l.contains("APP_CREDEN"))
                    .toList();
            assertEquals(rowBefore, stable(row(server, id)), "the credential's row, its stored hash included, is unchanged");
            assertEquals(keyBefore, hashKeyConfig(server, realmId), "the realm's hash key component and its config are unchanged");
            assertEquals(kidBefore, hashKid(server), "the same active hash key");
            assertEquals(policyBefore, Http.get(Demo.policyUrl(server), Demo.masterAdminToken(server)).json(), "the realm policy survives");
            assertEquals(List.of(), changelogErrors, "no changelog error at the restart");
            assertEquals(changelogBefore, changelog(server), "the changelog ran again at start-up and re-executed nothing: same rows in DATABASECHANGELOG_APP_CREDEN");

            Http.Resp after = Demo.clientCredentialsBasic(server, id, secret);
            assertEquals(200, after.status(), "the secret issued before the restart still works: " + after.status());
            JsonNode claims = Http.claims(after.json().get("access_token").asText());
            assertEquals(123, claims.get("exp").asLong() - claims.get("iat").asLong(), "the policy's token lifespan still applies");
            assertEquals(401, Demo.clientCredentialsBasic(server, id, secret + "x").status(), "control: a wrong secret is still refused");
            assertEquals(401, Demo.clientCredentialsBasic(server, revoked.get("id").asText(), revoked.get("secret").asText()).status(),
                    "a revoked credential stays revoked");
            JsonNode listed = Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json();
            assertEquals(active.get("name").asText(), listed.get("name").asText());
            assertEquals("kept across a restart", listed.get("description").asText());
        } finally {
            Demo.restorePolicy(server, policy);
        }
    }

    private static Map<String, Object> row(KeycloakServer server, String id) {
        List<Map<String, Object>> rows = DatabaseRows.query(server, "SELECT * FROM APP_CREDENTIAL WHERE ID = ?", id);
        assertEquals(1, rows.size(), "one row of " + id);
        Map<String, Object> row = new LinkedHashMap<>(rows.get(0));
        // the granted roles, a row each in their own table
        row.put("ROLES", DatabaseRows.query(server, "SELECT ROLE_ID FROM APP_CREDENTIAL_ROLE WHERE CREDENTIAL_ID = ? ORDER BY ROLE_ID", id)
                .stream().map(r -> String.valueOf(r.get("ROLE_ID"))).toList());
        return row;
    }

    private static Map<String, Object> stable(Map<String, Object> row) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String column : STABLE) {
            assertTrue(row.containsKey(column), "column " + column + " in " + row.keySet());
            Object v = row.get(column);
            kept.put(column, text(v));
        }
        return kept;
    }

    /** Values compared as text (a CLOB read as its content, numbers whatever type the driver gives). */
    private static Object text(Object v) {
        if (v instanceof java.sql.Clob clob) {
            try {
                return clob.getSubString(1, (int) clob.length());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        return v;
    }

    /**
     * The realm's hash key as stored: its component and config rows (names and a digest of each value, so that the
     * key itself never shows in a report).
     */
    private static String hashKeyConfig(KeycloakServer server, String realmId) {
        List<Map<String, Object>> rows = DatabaseRows.query(server,
                "SELECT c.ID AS CID, c.NAME AS CNAME, cc.NAME AS KEYNAME, cc.VALUE AS KEYVALUE FROM COMPONENT c JOIN COMPONENT_CONFIG cc ON cc.COMPONENT_ID = c.ID"
                        + " WHERE c.REALM_ID = ? AND c.PROVIDER_ID = ? ORDER BY c.ID, cc.NAME, cc.VALUE",
                realmId, "app-credentials-hmac-generated");
        assertFalse(rows.isEmpty(), "control: the realm has its hash key component");
        assertTrue(rows.stream().anyMatch(r -> "secret".equals(r.get("KEYNAME"))), "control: with a secret in its config: " + rows.size() + " rows");
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> r : rows) {
            sb.append(r.get("CID")).append(' ').append(r.get("CNAME")).append(' ').append(r.get("KEYNAME")).append('=')
                    .append(digest(String.valueOf(r.get("KEYVALUE")))).append('\n');
        }
        return sb.toString();
    }

    private static String hashKid(KeycloakServer server) {
        for (JsonNode k : Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/keys", Demo.masterAdminToken(server)).json().get("keys")) {
            if ("APPCRED-HS256".equals(k.path("algorithm").asText())) {
                return k.get("kid").asText();
            }
        }
        throw new AssertionError("no APPCRED-HS256 key in realm " + Demo.REALM);
    }

    private static List<Map<String, Object>> changelog(KeycloakServer server) {
        List<Map<String, Object>> rows = DatabaseRows.query(server,
                "SELECT ID, AUTHOR, FILENAME, MD5SUM, EXECTYPE, ORDEREXECUTED FROM DATABASECHANGELOG_APP_CREDEN ORDER BY ORDEREXECUTED");
        return rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            r.forEach((k, v) -> m.put(k, v instanceof Number n ? (Object) n.longValue() : v));
            return m;
        }).toList();
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
