package io.appcredentials.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reads the rows of the server's database, on every database the tests run on. PostgreSQL and MariaDB: a JDBC
 * connection to the server's database. H2 (dev-file): the running server holds its file open and locked (Keycloak
 * 26.7's dev-file URL has no AUTO_SERVER), so a query reads a copy of the file, taken where the server runs (its
 * home, or inside the container), opened with the H2 driver of the server's own distribution. H2 writes committed
 * changes to its file within about a second, so checks of a change poll (see {@link #awaitCount}).
 */
public final class DatabaseRows {

    private static final String H2_FILE = "data/h2/keycloakdb.mv.db";
    private static volatile Driver h2;

    private DatabaseRows() {
    }

    /** The rows the query returns, column names upper-cased. */
    public static List<Map<String, Object>> query(KeycloakServer server, String sql, Object... params) {
        if (!server.database().isH2()) {
            try (Connection c = server.database().connect()) {
                return run(c, sql, params);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("h2-copy");
            Files.write(dir.resolve("keycloakdb.mv.db"), server.readFile(H2_FILE));
            try (Connection c = openH2(dir.resolve("keycloakdb"))) {
                return run(c, sql, params);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " (on a copy of the H2 file): " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temporary directory
                }
            }
        }
    }

    /** The single number a {@code SELECT COUNT(*) …} returns. */
    public static long count(KeycloakServer server, String sql, Object... params) {
        List<Map<String, Object>> rows = query(server, sql, params);
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    /**
     * Polls the count until it is {@code expected} (at most {@code timeout}) and returns the last count read: the
     * caller asserts it, so a count that never gets there fails with the number it stayed at.
     */
    public static long awaitCount(KeycloakServer server, long expected, Duration timeout, String sql, Object... params) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last;
        while (true) {
            try {
                last = count(server, sql, params);
            } catch (IllegalStateException e) {
                // a copy taken in the middle of a write of H2's: the next one is whole
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                KeycloakServer.sleep(500);
                continue;
            }
            if (last == expected || System.nanoTime() > deadline) {
                return last;
            }
            KeycloakServer.sleep(500);
        }
    }

    private static List<Map<String, Object>> run(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        Object v = rs.getObject(i);
                        // large texts as text, readable after the connection is closed
                        row.put(rs.getMetaData().getColumnLabel(i).toUpperCase(java.util.Locale.ROOT), v instanceof java.sql.Clob ? rs.getString(i) : v);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** Keycloak's dev-file database has one user, with an empty name and an empty password. */
    private static Connection openH2(Path db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "");
        p.setProperty("password", "");
        Connection c = h2Driver().connect("jdbc:h2:file:" + db + ";NON_KEYWORDS=VALUE", p);
        if (c == null) {
            throw new SQLException("the H2 driver did not take the URL");
        }
        return c;
    }

    /** The H2 driver of the Keycloak distribution the tests run (the same version as the server's). */
    private static Driver h2Driver() {
        if (h2 == null) {
            synchronized (DatabaseRows.class) {
                if (h2 == null) {
                    Path lib = KeycloakServer.distribution().resolve("lib/lib/main");
                    try (Stream<Path> jars = Files.list(lib)) {
                        Path jar = jars.filter(j -> j.getFileName().toString().startsWith("com.h2database.h2-")).findFirst()
                                .orElseThrow(() -> new IllegalStateException("no H2 driver in " + lib));
                        URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, DatabaseRows.class.getClassLoader());
                        h2 = (Driver) Class.forName("org.h2.Driver", true, loader).getDeclaredConstructor().newInstance();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return h2;
    }
}
