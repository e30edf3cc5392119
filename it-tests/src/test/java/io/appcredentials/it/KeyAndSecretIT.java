package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.Database;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;
import io.appcredentials.it.support.Totp;

/**
 * The README's "Secrets" promises about the hash key and the stored hash (issue 18):
 * <ul>
 *   <li>the secret is stored only as HMAC-SHA256 under a realm key of its own (provider
 *       {@code app-credentials-hmac-generated}, created on first use), rotated by adding a provider with a higher
 *       priority: existing credentials keep verifying with the key they were hashed with while it stays enabled,
 *       new and regenerated ones use the new key; disabling or removing a key ends the credentials hashed with it;</li>
 *   <li>a copy of the credential table alone is useless for testing guesses: the stored value is no unkeyed hash of
 *       the secret, and only the realm key (which lives in {@code COMPONENT_CONFIG}, not in the table) verifies one;</li>
 *   <li>unknown IDs and wrong secrets get the same answer: a known ID with a well-formed wrong secret (right prefix,
 *       length, alphabet and CRC32 checksum, so it is looked up and compared) is answered exactly as an unknown ID,
 *       whatever the credential's state, and only the right secret learns the state.</li>
 * </ul>
 */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class KeyAndSecretIT {

    static final String KEY_PROVIDER = "app-credentials-hmac-generated";
    static final String KEY_PROVIDER_TYPE = "org.keycloak.keys.KeyProvider";
    private static final String GENERIC = "Invalid client or Invalid client credentials";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakServer server = TestServer.server();

    private String admin() {
        return Demo.masterAdminToken(server);
    }

    // ------------------------------------------------------------------------------------------- key rotation

    /**
     * Rotation, in a realm of its own (so that disabling and removing keys touches no other test): the first
     * credential creates the realm's key; a second key provider with a higher priority takes over for new and
     * regenerated secrets while the old credentials keep verifying with theirs. Which key a credential was hashed
     * with is shown by switching each key off in turn: exactly the credentials hashed with it stop working.
     */
    @Test
    void rotatingTheHashKeyKeepsOldCredentialsOnTheirKeyAndEndsThemWithIt() {
        String admin = admin();
        String realm = "rotation-" + Long.toString(System.nanoTime(), 36);
        String realmUrl = server.baseUrl() + "/admin/realms/" + realm;
        createRealmWithTotpUser(admin, realm);
        try {
            String owner = "owner";
            assertTrue(hashKeys(realm).isEmpty(), "no hash key before the first credential: " + hashKeys(realm));
            String userToken = userToken(realm, owner);

            JsonNode old1 = create(realm, userToken, "old-1");
            JsonNode old2 = create(realm, userToken, "old-2");
            List<JsonNode> keys = hashKeys(realm);
            assertEquals(1, keys.size(), "the first credential created the realm's key: " + keys);
            String k1 = keys.get(0).get("id").asText();
            assertEquals("100", keys.get(0).path("config").path("priority").get(0).asText());
            assertWorks(realm, old1, "old-1 on the first key");
            assertWorks(realm, old2, "old-2 on the first key");

            // rotate: a second provider with a higher priority, through the admin API as an admin would
            Http.Resp added = Http.postJson(realmUrl + "/components", admin, Map.of("name", "app-credentials-hmac-rotated",
                    "providerId", KEY_PROVIDER, "providerType", KEY_PROVIDER_TYPE, "parentId", realmId(realm),
                    "config", Map.of("priority", List.of("200"))));
            assertEquals(201, added.status(), added.toString());
            String k2 = added.header("Location").substring(added.header("Location").lastIndexOf('/') + 1);
            assertEquals(2, hashKeys(realm).size());

            assertWorks(realm, old1, "an existing credential keeps verifying after the rotation");
            assertWorks(realm, old2, "an existing credential keeps verifying after the rotation");
            JsonNode created = create(realm, userToken, "new-1");
            Http.Resp regen = Http.postJson(server.realmUrl(realm) + "/app-credentials/" + old2.get("id").asText() + "/regenerate", userToken, Map.of());
            assertEquals(200, regen.status(), regen.toString());
            JsonNode regenerated = regen.json();
            assertNotEquals(old2.get("secret").asText(), regenerated.get("secret").asText());
            assertRefused(realm, old2, GENERIC, "the secret before the regeneration");
            assertWorks(realm, created, "new credential");
            assertWorks(realm, regenerated, "regenerated secret");

            // disable the OLD key: exactly the credential still hashed with it stops
            setKeyConfig(realm, k1, "enabled", "false");
            assertRefused(realm, old1, GENERIC, "hashed with the disabled first key");
            assertWorks(realm, created, "a credential created after the rotation is on the new key");
            assertWorks(realm, regenerated, "a secret regenerated after the rotation is on the new key");
            // ... and enabling it again brings that credential back (the key and the hash were kept)
            setKeyConfig(realm, k1, "enabled", "true");
            assertWorks(realm, old1, "the first key enabled again");

            // a passive (enabled but not active) old key still verifies: only new hashes need an active key
            setKeyConfig(realm, k1, "active", "false");
            assertWorks(realm, old1, "the first key passive");
            setKeyConfig(realm, k1, "active", "true");

            // and the other way round: disable the NEW key
            setKeyConfig(realm, k2, "enabled", "false");
            assertRefused(realm, created, GENERIC, "hashed with the disabled new key");
            assertRefused(realm, regenerated, GENERIC, "regenerated under the disabled new key");
            assertWorks(realm, old1, "the first key's credential is unaffected");
            JsonNode whileK2Disabled = create(realm, userToken, "while-new-key-disabled");
            setKeyConfig(realm, k2, "enabled", "true");
            assertWorks(realm, created, "the new key enabled again");
            assertWorks(realm, regenerated, "the new key enabled again");
            assertWorks(realm, whileK2Disabled, "created while the new key was disabled: hashed with the enabled first key");

            // removal of the OLD key ends its credentials for good; the new key's credentials are unaffected
            assertEquals(204, Http.delete(realmUrl + "/components/" + k1, admin).status());
            assertRefused(realm, old1, GENERIC, "hashed with the removed first key");
            assertRefused(realm, whileK2Disabled, GENERIC, "hashed with the removed first key");
            assertWorks(realm, created, "on the remaining new key");
            assertWorks(realm, regenerated, "on the remaining new key");
            // the removed key does not come back by adding another provider: the hash names the key it was made with
            Http.Resp another = Http.postJson(realmUrl + "/components", admin, Map.of("name", "app-credentials-hmac-third",
                    "providerId", KEY_PROVIDER, "providerType", KEY_PROVIDER_TYPE, "parentId", realmId(realm),
                    "config", Map.of("priority", List.of("50"))));
            assertEquals(201, another.status(), another.toString());
            assertRefused(realm, old1, GENERIC, "another key is not the removed one");

            // removal of the NEW key ends the credentials hashed with it
            assertEquals(204, Http.delete(realmUrl + "/components/" + k2, admin).status());
            assertRefused(realm, created, GENERIC, "hashed with the removed new key");
            assertRefused(realm, regenerated, GENERIC, "hashed with the removed new key");
            JsonNode onThird = create(realm, userToken, "on-the-third-key");
            assertWorks(realm, onThird, "a new credential uses the key that is left");
        } finally {
            Http.delete(realmUrl, admin());
        }
    }

    private void createRealmWithTotpUser(String admin, String realm) {
        Http.Resp r = Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", realm, "enabled", true,
                "otpPolicyCodeReusable", true));
        assertEquals(201, r.status(), r.toString());
        Map<String, Object> user = Map.of("username", "owner", "enabled", true, "firstName", "Key", "lastName", "Owner",
                "email", "owner@example.com", "emailVerified", true,
                "credentials", List.of(
                        Map.of("type", "password", "value", "password", "temporary", false),
                        Map.of("type", "otp", "userLabel", "test", "secretData", "{\"value\":\"" + Demo.TEST_TOTP + "\"}",
                                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}")),
                "realmRoles", List.of("default-roles-" + realm));
        Http.Resp imported = Http.postJson(server.baseUrl() + "/admin/realms/" + realm + "/partialImport", admin,
                Map.of("ifResourceExists", "FAIL", "users", List.of(user)));
        assertEquals(200, imported.status(), imported.toString());
    }

    private String userToken(String realm, String username) {
        Http.Resp r = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "password", "client_id", "admin-cli",
                "username", username, "password", "password", "totp", Totp.now(Demo.TEST_TOTP)), null, null);
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    private JsonNode create(String realm, String userToken, String name) {
        Http.Resp r = Http.postJson(server.realmUrl(realm) + "/app-credentials", userToken, Map.of("name", name));
        assertEquals(201, r.status(), r.toString());
        return r.json();
    }

    private String realmId(String realm) {
        return Http.get(server.baseUrl() + "/admin/realms/" + realm, admin()).json().get("id").asText();
    }

    /** The realm's key providers of this extension, as the admin API lists them. */
    private List<JsonNode> hashKeys(String realm) {
        Http.Resp r = Http.get(server.baseUrl() + "/admin/realms/" + realm + "/components?type=" + KEY_PROVIDER_TYPE, admin());
        assertEquals(200, r.status(), r.toString());
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(c -> {
            if (KEY_PROVIDER.equals(c.get("providerId").asText())) {
                out.add(c);
            }
        });
        return out;
    }

    /** Changes one setting of a key provider through its whole representation, as the admin console does. */
    private void setKeyConfig(String realm, String componentId, String name, String value) {
        String url = server.baseUrl() + "/admin/realms/" + realm + "/components/" + componentId;
        String admin = admin();
        ObjectNode component = (ObjectNode) Http.get(url, admin).json();
        ArrayNode values = ((ObjectNode) component.get("config")).putArray(name);
        values.add(value);
        Http.Resp r = Http.putJson(url, admin, component);
        assertEquals(204, r.status(), r.toString());
    }

    private void assertWorks(String realm, JsonNode credential, String what) {
        Http.Resp r = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "client_credentials"),
                credential.get("id").asText(), credential.get("secret").asText());
        assertEquals(200, r.status(), what + ": " + r);
        assertEquals(credential.get("id").asText(), Http.claims(r.json().get("access_token").asText()).get("app_credential").asText());
    }

    private void assertRefused(String realm, JsonNode credential, String description, String what) {
        Http.Resp r = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "client_credentials"),
                credential.get("id").asText(), credential.get("secret").asText());
        assertEquals(401, r.status(), what + ": " + r);
        assertEquals("invalid_client", r.json().get("error").asText(), what + ": " + r);
        assertEquals(description, r.json().get("error_description").asText(), what + ": " + r);
    }

    // ------------------------------------------------------------------------------------------- the stored row

    /**
     * Reads what the database holds for a fresh credential: its row in {@code APP_CREDENTIAL} (PostgreSQL and
     * MariaDB through JDBC; H2, whose file the running server holds open, by scanning that file) and the realm's hash
     * key in {@code COMPONENT_CONFIG}. The stored value matches no unkeyed hash of the secret or of its random part in
     * any usual encoding; HMAC-SHA256 under the realm key reproduces it, and so does nothing else tried.
     */
    @Test
    void theStoredHashIsKeyedAndTheKeyIsNotInTheCredentialTable() throws Exception {
        Demo.TestUser owner = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, owner.token(server), Map.of("name", "at-rest-keyed"));
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "control: the secret works");
        String wrongGuess = wellFormedSecret();
        Set<String> unkeyed = unkeyedHashes(secret);

        Database db = server.database();
        if (db.isH2()) {
            String file = h2FileWith(id);
            for (String h : unkeyed) {
                assertFalse(file.contains(h), "an unkeyed hash of the secret is in the database: " + h.length() + " chars");
            }
            assertFalse(file.contains(secret.substring(4, 40)), "part of the secret in the database file");
            // an attacker holding the whole file tries every key-shaped string in it: one is the realm key, and it
            // verifies the right secret (its HMAC is in the file) but not a wrong guess
            // (an HMAC in the file is one of its 43-character base64url strings, so the same set answers "is it there")
            Set<String> strings = base64UrlStrings(file);
            List<String> verifying = new ArrayList<>();
            for (String candidate : strings) {
                byte[] key = decodeOrNull(candidate);
                if (key != null && strings.contains(hmac(key, secret))) {
                    verifying.add(candidate);
                    assertFalse(strings.contains(hmac(key, wrongGuess)), "a wrong guess verified");
                }
            }
            assertEquals(1, verifying.size(), "exactly one key in the database verifies the secret");
        } else {
            Map<String, String> row = new LinkedHashMap<>();
            try (Connection conn = db.connect();
                 PreparedStatement ps = conn.prepareStatement("SELECT * FROM APP_CREDENTIAL WHERE ID = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "control: the row exists");
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i).toUpperCase(java.util.Locale.ROOT), rs.getString(i));
                    }
                }
            }
            String stored = row.get("SECRET_HASH");
            String kid = row.get("HASH_KEY_ID");
            assertNotNull(stored, row.keySet().toString());
            assertEquals(43, stored.length(), "a 256-bit value, base64url");
            // the table alone: no column holds the secret, a piece of it, or any unkeyed hash of it
            for (Map.Entry<String, String> column : row.entrySet()) {
                String v = column.getValue();
                if (v == null) {
                    continue;
                }
                assertFalse(v.contains(secret.substring(4, 40)), "secret in column " + column.getKey());
                for (String h : unkeyed) {
                    assertFalse(v.equals(h) || v.contains(h), "unkeyed hash of the secret in column " + column.getKey());
                }
            }
            // the realm's keys, from the component store (COMPONENT / COMPONENT_CONFIG), not from the table
            Map<String, byte[]> keysByKid = hashKeysInDatabase(db, Demo.REALM);
            assertFalse(keysByKid.isEmpty(), "the realm's hash key is in COMPONENT_CONFIG");
            assertTrue(keysByKid.containsKey(kid), "the row names its key by id: " + kid + " in " + keysByKid.keySet());
            for (Map.Entry<String, byte[]> k : keysByKid.entrySet()) {
                String material = Base64.getUrlEncoder().withoutPadding().encodeToString(k.getValue());
                for (Map.Entry<String, String> column : row.entrySet()) {
                    assertFalse(column.getValue() != null && column.getValue().contains(material), "key material in column " + column.getKey());
                }
            }
            // with the key, a guess can be checked against the row; the right one matches, a wrong one does not
            byte[] key = keysByKid.get(kid);
            assertEquals(stored, hmac(key, secret), "stored value = HMAC-SHA256(realm key, secret)");
            assertNotEquals(stored, hmac(key, wrongGuess));
            // without it, the same function under any other key does not reproduce the row
            assertNotEquals(stored, hmac(randomBytes(32), secret));
            assertNotEquals(stored, hmac(new byte[32], secret));
            for (Map.Entry<String, byte[]> other : keysByKid.entrySet()) {
                if (!other.getKey().equals(kid)) {
                    assertNotEquals(stored, hmac(other.getValue(), secret), "another realm key");
                }
            }
        }
    }

    /** Every unkeyed hash of the secret (and of its parts) that an implementation might have stored instead. */
    static Set<String> unkeyedHashes(String secret) throws Exception {
        String random = secret.substring(4, 47);
        Set<String> out = new LinkedHashSet<>();
        for (String input : List.of(secret, random, secret.substring(4))) {
            for (String algorithm : List.of("SHA-256", "SHA-512", "SHA-1", "MD5", "SHA3-256", "SHA-384")) {
                byte[] d = MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
                out.add(HexFormat.of().formatHex(d));
                out.add(HexFormat.of().withUpperCase().formatHex(d));
                out.add(Base64.getEncoder().encodeToString(d));
                out.add(Base64.getEncoder().withoutPadding().encodeToString(d));
                out.add(Base64.getUrlEncoder().encodeToString(d));
                out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(d));
            }
        }
        return out;
    }

    static String hmac(byte[] key, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The realm's hash keys as stored by Keycloak's component store: kid → key bytes. */
    private static Map<String, byte[]> hashKeysInDatabase(Database db, String realm) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String sql = "SELECT kid.VALUE, secret.VALUE FROM COMPONENT c"
                + " JOIN REALM r ON r.ID = c.PARENT_ID"
                + " JOIN COMPONENT_CONFIG kid ON kid.COMPONENT_ID = c.ID AND kid.NAME = 'kid'"
                + " JOIN COMPONENT_CONFIG secret ON secret.COMPONENT_ID = c.ID AND secret.NAME = 'secret'"
                + " WHERE r.NAME = ? AND c.PROVIDER_ID = ?";
        try (Connection conn = db.connect(); PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, realm);
            ps.setString(2, KEY_PROVIDER);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Base64.getUrlDecoder().decode(rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** The H2 database file once it holds the credential's row (H2 writes it in the background). */
    private String h2FileWith(String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String content;
        do {
            content = new String(server.readFile("data/h2/keycloakdb.mv.db"), StandardCharsets.ISO_8859_1);
            if (content.contains(id)) {
                return content;
            }
            Thread.sleep(200); // H2 writes in the background: poll for it
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the credential's row did not reach the database file");
    }

    /** Every 43-character base64url string in the file (the encoding of a 256-bit key or HMAC), overlapping ones included. */
    private static Set<String> base64UrlStrings(String file) {
        Set<String> seen = new java.util.HashSet<>();
        int run = 0;
        for (int i = 0; i < file.length(); i++) {
            char ch = file.charAt(i);
            boolean b64 = ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_';
            run = b64 ? run + 1 : 0;
            if (run >= 43) {
                seen.add(file.substring(i - 42, i + 1));
            }
        }
        return seen;
    }

    private static byte[] decodeOrNull(String base64Url) {
        try {
            return Base64.getUrlDecoder().decode(base64Url);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------- wrong secrets

    /**
     * A known ID with a well-formed wrong secret is looked up and compared (the right secret of the same shape
     * works, a malformed one is refused without a lookup), and it is answered exactly as an unknown ID: same status,
     * same error, same description, same body, for an active, a disabled and a revoked credential alike. The state
     * is told only to the holder of the right secret.
     */
    @Test
    void aWellFormedWrongSecretIsAnsweredExactlyAsAnUnknownIdWhateverTheState() {
        Demo.TestUser owner = Demo.aliceLike(server);
        String userToken = owner.token(server);
        JsonNode active = Demo.create(server, userToken, Map.of("name", "wrong-secret-active"));
        JsonNode disabled = Demo.create(server, userToken, Map.of("name", "wrong-secret-disabled"));
        JsonNode revoked = Demo.create(server, userToken, Map.of("name", "wrong-secret-revoked"));

        // control: the test's checksum is the product's (a real secret's last six characters)
        String real = active.get("secret").asText();
        assertEquals(real.substring(47), checksum(real.substring(4, 47)), "the secret format is understood");
        String wrong = wellFormedSecret();
        assertNotEquals(real, wrong);

        for (JsonNode c : List.of(active, disabled, revoked)) {
            assertEquals(200, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status(),
                    "control: the right secret works before the state changes");
        }
        Http.Resp patched = Http.patchJson(Demo.credentialsUrl(server) + "/" + disabled.get("id").asText(), userToken, Map.of("state", "disabled"));
        assertEquals(200, patched.status(), patched.toString());
        assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + revoked.get("id").asText(), userToken).status());

        String unknownId = wellFormedId();
        List<Http.Resp> unknown = List.of(Demo.clientCredentialsBasic(server, unknownId, wrong), Demo.clientCredentialsPost(server, unknownId, wrong),
                Demo.clientCredentialsBasic(server, unknownId, real));
        Http.Resp reference = unknown.get(0);
        assertEquals(401, reference.status(), reference.toString());
        assertEquals("invalid_client", reference.json().get("error").asText());
        assertEquals(GENERIC, reference.json().get("error_description").asText());

        Map<String, Http.Resp> answers = new LinkedHashMap<>();
        for (int i = 1; i < unknown.size(); i++) {
            answers.put("unknown ID #" + i, unknown.get(i));
        }
        for (JsonNode c : List.of(active, disabled, revoked)) {
            String id = c.get("id").asText();
            String name = c.get("name").asText();
            answers.put(name + " (basic)", Demo.clientCredentialsBasic(server, id, wrong));
            answers.put(name + " (post)", Demo.clientCredentialsPost(server, id, wrong));
            // another credential's real secret is well-formed and wrong too
            answers.put(name + " (another's secret)", Demo.clientCredentialsBasic(server, id,
                    c == active ? disabled.get("secret").asText() : real));
        }
        for (Map.Entry<String, Http.Resp> a : answers.entrySet()) {
            Http.Resp r = a.getValue();
            assertEquals(reference.status(), r.status(), a.getKey() + ": " + r);
            assertEquals(reference.json().get("error").asText(), r.json().get("error").asText(), a.getKey());
            assertEquals(reference.json().get("error_description").asText(), r.json().get("error_description").asText(), a.getKey());
            assertEquals(reference.body(), r.body(), a.getKey());
            assertEquals(reference.header("WWW-Authenticate"), r.header("WWW-Authenticate"), a.getKey());
        }

        // the right secret learns the state, as documented
        Http.Resp disabledRight = Demo.clientCredentialsBasic(server, disabled.get("id").asText(), disabled.get("secret").asText());
        assertEquals(401, disabledRight.status(), disabledRight.toString());
        assertEquals("invalid_client", disabledRight.json().get("error").asText());
        assertEquals("Application credential disabled", disabledRight.json().get("error_description").asText());
        Http.Resp revokedRight = Demo.clientCredentialsBasic(server, revoked.get("id").asText(), revoked.get("secret").asText());
        assertEquals(401, revokedRight.status(), revokedRight.toString());
        assertEquals("Application credential revoked", revokedRight.json().get("error_description").asText());
        assertEquals(200, Demo.clientCredentialsBasic(server, active.get("id").asText(), real).status(), "the active one still works");
    }

    /** {@code acs_} + 43 random base62 characters + their CRC32 in 6 base62 characters, as the product makes them. */
    static String wellFormedSecret() {
        StringBuilder random = new StringBuilder();
        for (int i = 0; i < 43; i++) {
            random.append(BASE62[RANDOM.nextInt(62)]);
        }
        return "acs_" + random + checksum(random.toString());
    }

    static String wellFormedId() {
        StringBuilder id = new StringBuilder("ac_");
        for (int i = 0; i < 20; i++) {
            id.append(BASE32[RANDOM.nextInt(32)]);
        }
        return id.toString();
    }

    static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }
}
