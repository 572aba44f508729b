package dev.guanjia.app.database;

import dev.guanjia.app.files.OwnerOnly;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PasswordUtil;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Who may connect to the embedded PostgreSQL, and as whom. zonky creates a cluster that trusts every
 * local connection as the superuser, so any OS user on the machine could read files through it
 * (pg_read_binary_file) or run programs (COPY ... TO PROGRAM). Here every connection needs a
 * password (scram-sha-256), the passwords are generated into 0600 files under data/keys, and the
 * service works as {@value #ROLE}, a plain role that owns the application's schema and nothing else.
 * The superuser is used only while starting: zonky's readiness check and the role set-up.
 *
 * <p>A cluster made by an older version (trust, superuser only) is converted on its first start:
 * the superuser's password is set in single-user mode before the server listens at all, then the
 * role is created and given every table, sequence and function, so the data stays as it was.
 */
final class EmbeddedAccess {

    private static final Logger LOG = Logger.getLogger(EmbeddedAccess.class.getName());

    /** The role the service connects as. */
    static final String ROLE = "guanjia";
    static final String SUPERUSER = "postgres";
    /** Tables live in the postgres database (as before roles existed), so upgrades keep them. */
    static final String DATABASE = "postgres";

    /** How the pg_hba.conf we write begins: without it the cluster has not been converted yet. */
    private static final String HBA_MARK = "# Guanjia:";
    private static final String HBA = """
            # Guanjia: every connection needs a password (scram-sha-256). Rewritten on every start,
            # so local edits do not last. The passwords are in the data directory's keys/ folder.
            local  all  all                 scram-sha-256
            host   all  all  127.0.0.1/32   scram-sha-256
            host   all  all  ::1/128        scram-sha-256
            """;

    private final Path pgData;
    private final String superuserPassword;
    private final String rolePassword;
    /** The superuser's password was made just now: the cluster does not know it yet. */
    private final boolean newSuperuserPassword;

    private EmbeddedAccess(Path pgData, String superuserPassword, String rolePassword, boolean newSuperuserPassword) {
        this.pgData = pgData;
        this.superuserPassword = superuserPassword;
        this.rolePassword = rolePassword;
        this.newSuperuserPassword = newSuperuserPassword;
    }

    /** The service role's password file. */
    static Path rolePasswordFile(Path dataDir) {
        return dataDir.resolve("keys").resolve("db.password");
    }

    /** The superuser's password file, needed only while starting. */
    static Path superuserPasswordFile(Path dataDir) {
        return dataDir.resolve("keys").resolve("db-superuser.password");
    }

    /** Reads the passwords, generating whichever is missing. */
    static EmbeddedAccess of(Path dataDir) throws IOException {
        OwnerOnly.directory(dataDir.resolve("keys"));
        Path superFile = superuserPasswordFile(dataDir);
        boolean fresh = !Files.exists(superFile);
        return new EmbeddedAccess(dataDir.resolve("postgres"), password(superFile), password(rolePasswordFile(dataDir)),
                fresh);
    }

    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            String p = Files.readString(file).strip();
            if (!p.isEmpty()) {
                return p;
            }
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String p = HexFormat.of().formatHex(random);
        OwnerOnly.writeSecret(file, p + "\n");
        LOG.info(() -> "generated a database password in " + file);
        return p;
    }

    String rolePassword() {
        return rolePassword;
    }

    /** zonky's own connections (its readiness check) log in as the superuser with its password. */
    EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder) {
        return builder
                .setConnectConfig("password", superuserPassword)
                .setServerConfig("password_encryption", "scram-sha-256")
                // No Unix socket in /tmp: everything connects over TCP on the loopback, with a password.
                .setServerConfig("unix_socket_directories", "''");
    }

    /**
     * Runs between zonky's initdb and the server start, while nothing listens: an unconverted
     * cluster (fresh from initdb, or from an older Guanjia) gets the superuser's password, then the
     * password-only pg_hba.conf. The order matters: the mark is written last, so an interrupted
     * conversion is simply done again.
     */
    void beforeStart(Path runtime) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        boolean converted = Files.exists(hba) && Files.readString(hba).startsWith(HBA_MARK);
        if (!converted || newSuperuserPassword) {
            if (!converted && Files.exists(pgData.resolve("PG_VERSION")) && Files.exists(hba)
                    && Files.readString(hba).contains("trust")) {
                LOG.info(() -> "securing the embedded PostgreSQL in " + pgData
                        + ": passwords instead of trusting every local connection");
            }
            singleUser(binaries(runtime), "ALTER ROLE " + SUPERUSER + " WITH PASSWORD '"
                    + PasswordUtil.encodeScramSha256(superuserPassword.toCharArray()) + "'");
        }
        OwnerOnly.writeSecret(hba, HBA);
    }

    /**
     * After the start, as the superuser, once: the service role exists with the password from its
     * file and no powers beyond its own schema, and owns every object in it, including tables an
     * older version created as the superuser and Flyway's history tables.
     */
    void grant(int port) throws SQLException {
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setUrl("jdbc:postgresql://localhost:" + port + "/" + DATABASE);
        admin.setUser(SUPERUSER);
        admin.setPassword(superuserPassword);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            boolean exists;
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                p.setString(1, ROLE);
                try (ResultSet rs = p.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                s.execute("CREATE ROLE " + ROLE + " LOGIN");
                LOG.info(() -> "created the database role " + ROLE + " for the service");
            }
            // Only the SCRAM verifier reaches the server, never the password itself.
            s.execute("ALTER ROLE " + ROLE + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                    + "NOBYPASSRLS PASSWORD '" + PasswordUtil.encodeScramSha256(rolePassword.toCharArray()) + "'");
            s.execute("ALTER SCHEMA public OWNER TO " + ROLE);
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            s.execute(REASSIGN);
        }
    }

    /**
     * Every object in schema public goes to the role (REASSIGN OWNED cannot take objects from the
     * bootstrap superuser). Tables first: their serial and identity sequences follow them.
     */
    private static final String REASSIGN = """
            DO $$
            DECLARE
                r record;
                me oid := (SELECT oid FROM pg_roles WHERE rolname = '%1$s');
            BEGIN
                FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relowner <> me LOOP
                    EXECUTE format('ALTER TABLE %%s OWNER TO %1$s', r.name);
                END LOOP;
                FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> me LOOP
                    EXECUTE format('ALTER SEQUENCE %%s OWNER TO %1$s', r.name);
                END LOOP;
                FOR r IN SELECT p.oid::regprocedure AS name, p.prokind FROM pg_proc p
                         JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'public' AND p.proowner <> me LOOP
                    EXECUTE format(CASE r.prokind WHEN 'p' THEN 'ALTER PROCEDURE %%s OWNER TO %1$s'
                                   WHEN 'a' THEN 'ALTER AGGREGATE %%s OWNER TO %1$s'
                                   ELSE 'ALTER FUNCTION %%s OWNER TO %1$s' END, r.name);
                END LOOP;
                FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                         WHERE n.nspname = 'public' AND t.typowner <> me AND t.typtype IN ('e', 'd', 'r', 'c')
                           AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') LOOP
                    EXECUTE format(CASE r.typtype WHEN 'd' THEN 'ALTER DOMAIN %%s OWNER TO %1$s'
                                   ELSE 'ALTER TYPE %%s OWNER TO %1$s' END, r.name);
                END LOOP;
            END $$""".formatted(ROLE);

    /**
     * The unpacked PostgreSQL programs zonky will start. zonky keeps the directory of its unpacked
     * copy per JVM in a private map; when that cannot be read, the single copy under runtime is used.
     */
    private static Path binaries(Path runtime) throws IOException {
        try {
            Field f = EmbeddedPostgres.class.getDeclaredField("PREPARE_BINARIES");
            f.setAccessible(true);
            Object dir = ((Map<?, ?>) f.get(null)).get(DefaultPostgresBinaryResolver.INSTANCE);
            if (dir instanceof File d && new File(d, "bin/postgres").canExecute()) {
                return d.toPath();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.fine(() -> "zonky's unpacked binaries are not visible: " + e);
        }
        List<Path> copies;
        try (Stream<Path> s = Files.list(runtime)) {
            copies = s.filter(p -> Files.isExecutable(p.resolve("bin/postgres"))).toList();
        }
        if (copies.size() != 1) {
            throw new IOException("cannot tell which PostgreSQL programs to use: " + copies.size()
                    + " unpacked copies in " + runtime + "; delete that directory and start again");
        }
        return copies.get(0);
    }

    /**
     * One statement in PostgreSQL's single-user mode: no server, no network, only this OS user.
     * As root, zonky runs its programs in a user namespace (PostgreSQL refuses root); so does this.
     */
    private void singleUser(Path binaries, String statement) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(binaries.resolve("bin/postgres").toString(), "--single", "-D", pgData.toString(),
                "-c", "password_encryption=scram-sha-256", "-c", "log_statement=none", DATABASE));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((statement + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("PostgreSQL single-user mode did not finish within 120 s in " + pgData);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while securing the embedded PostgreSQL", e);
        }
        if (p.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException("cannot set the embedded PostgreSQL's superuser password in " + pgData
                    + " (single-user mode, exit " + p.exitValue() + "): "
                    + output.replaceAll("SCRAM-SHA-256\\$\\S+", "***").strip());
        }
    }
}
