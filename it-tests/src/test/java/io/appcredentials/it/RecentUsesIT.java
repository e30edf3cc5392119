package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * Issue 16, use history: the last distinct source addresses of a credential, written with the batched last-use
 * update (every 2 s in the tests), in the user and the admin API. The requests come from two loopback addresses:
 * the socket is bound to 127.0.0.1 or 127.0.0.2, and Keycloak (without proxy headers) sees the socket's address.
 */
@ExtendWith(TestServer.class)
@Tag("mariadb")
class RecentUsesIT {

    private final KeycloakServer server = TestServer.server();

    private int tokenFrom(String localAddress, String id, String secret) {
        return Demo.clientCredentialsFrom(server, localAddress, id, secret);
    }

    private static List<String> addresses(JsonNode credential) {
        List<String> out = new ArrayList<>();
        credential.get("recentUses").forEach(u -> out.add(u.get("ip").asText()));
        return out;
    }

    @Test
    void callsFromTwoLoopbackAddressesAreBothListedMostRecentFirst() throws Exception {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "two-addresses-" + UUID.randomUUID()));
        String id = c.get("id").asText();
        assertEquals(0, c.get("recentUses").size(), "a new credential has no uses: " + c);

        assertEquals(200, tokenFrom("127.0.0.1", id, c.get("secret").asText()));
        assertEquals(200, tokenFrom("127.0.0.2", id, c.get("secret").asText()));
        assertEquals(200, tokenFrom("127.0.0.2", id, c.get("secret").asText()));

        String url = Demo.credentialsUrl(server) + "/" + id;
        JsonNode read = Http.get(url, user.token(server)).json();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (read.get("useCount").asLong() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(500); // the batched flush runs every 2 s
            read = Http.get(url, user.token(server)).json();
        }
        assertEquals(3, read.get("useCount").asLong(), read.toString());
        assertEquals(List.of("127.0.0.2", "127.0.0.1"), addresses(read), read.toString());
        assertEquals("127.0.0.2", read.get("lastUsedIp").asText());
        Instant first = Instant.parse(read.get("recentUses").get(1).get("lastSeenAt").asText());
        Instant last = Instant.parse(read.get("recentUses").get(0).get("lastSeenAt").asText());
        assertTrue(!last.isBefore(first), read.toString());
        assertEquals(read.get("lastUsedAt").asText(), read.get("recentUses").get(0).get("lastSeenAt").asText());

        JsonNode admin = Http.get(Demo.adminCredentialsUrl(server) + "/" + id, Demo.masterAdminToken(server)).json();
        assertEquals(List.of("127.0.0.2", "127.0.0.1"), addresses(admin), admin.toString());

        // a later call from the first address moves it to the front
        assertEquals(200, tokenFrom("127.0.0.1", id, c.get("secret").asText()));
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (read.get("useCount").asLong() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            read = Http.get(url, user.token(server)).json();
        }
        assertEquals(List.of("127.0.0.1", "127.0.0.2"), addresses(read), read.toString());
    }
}
