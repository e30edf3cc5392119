package io.appcredentials.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database the server under test uses: {@code -Dit.db=dev-file} (H2, default), {@code postgres} or
 * {@code mariadb}. For PostgreSQL and MariaDB without {@code -Dit.db.url}, a fresh database is created on the
 * local server (PostgreSQL 127.0.0.1:5432 user postgres, MariaDB 127.0.0.1:3306 user root, empty passwords).
 */
public record Database(String vendor, String url, String username, String password) {

    public static Database fromSystemProperties() {
        String vendor = System.getProperty("it.db", "dev-file");
        if (vendor.isBlank() || vendor.equals("dev-file")) {
            return new Database("dev-file", null, null, null);
        }
        String url = blankToNull(System.getProperty("it.db.url"));
        String user = blankToNull(System.getProperty("it.db.username"));
        String password = System.getProperty("it.db.password", "");
        if (url == null) {
            return createFresh(vendor, "appcred_it_" + Long.toString(System.currentTimeMillis(), 36));
        }
        return new Database(vendor, url, user, password);
    }

    /** Creates an empty database on the local server of that vendor. */
    public static Database createFresh(String vendor, String name) {
        switch (vendor) {
            case "postgres" -> {
                exec("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", "CREATE DATABASE " + name);
                return new Database(vendor, "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "");
            }
            case "mariadb" -> {
                exec("jdbc:mariadb://127.0.0.1:3306/", "root", "", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                return new Database(vendor, "jdbc:mariadb://127.0.0.1:3306/" + name, "root", "");
            }
            default -> throw new IllegalArgumentException("Unsupported it.db: " + vendor + " (dev-file, postgres, mariadb)");
        }
    }

    public boolean isH2() {
        return vendor.equals("dev-file");
    }

    /** kc.sh options selecting this database. */
    public List<String> kcArgs() {
        List<String> args = new ArrayList<>();
        if (isH2()) {
            return args;
        }
        args.add("--db=" + vendor);
        args.add("--db-url=" + url);
        if (username != null) {
            args.add("--db-username=" + username);
        }
        if (password != null && !password.isEmpty()) {
            args.add("--db-password=" + password);
        }
        return args;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    private static void exec(String url, String user, String password, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test database (" + url + "): " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
