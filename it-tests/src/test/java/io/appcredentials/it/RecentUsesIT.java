package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
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
class RecentUsesIT {

    private final KeycloakServer server = TestServer.server();

    /** client_credentials over a raw HTTP/1.1 connection from {@code localAddress}; the status code. */
    private int tokenFrom(String localAddress, String id, String secret) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 10_000);
            socket.setSoTimeout(60_000);
            byte[] body = "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII);
            String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
            String head = "POST /realms/" + Demo.REALM + "/protocol/openid-connect/token HTTP/1.1\r\n"
                    + "Host: localhost:" + server.httpPort() + "\r\n"
                    + "Authorization: Basic " + basic + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String statusLine = response.substring(0, response.indexOf("\r\n"));
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
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
