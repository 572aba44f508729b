package dev.guanjia.app.audit;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.security.DataKeys;
import dev.guanjia.community.audit.AuditAnchor;
import dev.guanjia.community.audit.AuditLog;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The audit log's key and anchor for this process. The key (audit.key, next to the data key file,
 * mode 0600) is the service's alone: the database only ever sees the MACs it makes. It is separate
 * from the data key, so rotating that never touches the chain. The anchor is audit.anchor in the
 * data directory. Closing anchors what was appended last and uninstalls both.
 */
public final class AuditSetup implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditSetup.class.getName());

    private final DataSource db;
    private final AnchorFile anchor;

    private AuditSetup(DataSource db, AnchorFile anchor) {
        this.db = db;
        this.anchor = anchor;
    }

    public static Path keyFile(GuanjiaConfig config) {
        return DataKeys.keyFile(config).toAbsolutePath().resolveSibling("audit.key");
    }

    public static Path anchorFile(GuanjiaConfig config) {
        return config.dataDir().resolve("audit.anchor");
    }

    /**
     * Loads the key (creating it when there is none yet and no keyed entry needs it), installs it with
     * the anchor file, seals entries from before the keyed chain once, and anchors.
     */
    public static AuditSetup install(GuanjiaConfig config, DataSource db) throws IOException {
        Path file = keyFile(config);
        if (!Files.exists(file)) {
            boolean keyed = AuditLog.hasKeyedEntries(db);
            if (keyed && config.security().production()) {
                throw new IllegalStateException("the audit key " + file + " is missing but the audit log has entries "
                        + "made with it: restore it from your backup (without it the log cannot be verified); "
                        + "refusing to start");
            }
            writeKey(file);
            if (keyed) {
                LOG.severe(() -> "the audit key was missing: generated a new one at " + file + ". Entries made with "
                        + "the old key no longer verify; restore the old audit.key from backup if you have it.");
            } else {
                LOG.warning(() -> "generated the audit log key at " + file + ". Back it up apart from the database: "
                        + "`audit verify` needs it.");
            }
        }
        AnchorFile anchor = new AnchorFile(anchorFile(config));
        AuditLog.install(readKey(file), anchor);
        try {
            Optional<String> sealed = AuditLog.sealUnkeyed(db);
            sealed.ifPresent(s -> LOG.info(() -> "audit log upgraded to the keyed chain: " + s));
        } catch (SQLException e) {
            AuditLog.uninstall();
            throw new IllegalStateException("cannot upgrade the audit log to the keyed chain: " + e.getMessage(), e);
        }
        AuditSetup setup = new AuditSetup(db, anchor);
        AuditLog.anchor(db);
        LOG.info(setup::headLine);
        return setup;
    }

    /** The line the service logs at start and daily, so the chain head is also on record in the logs. */
    public String headLine() {
        try (Connection c = db.getConnection()) {
            AuditAnchor.Mark head = AuditLog.head(c);
            Optional<AuditAnchor.Mark> anchored = anchor.read();
            return "audit chain: " + head.count() + " entries, newest " + head.head() + "; anchor " + anchor.describe()
                    + anchored.map(m -> " at entry " + m.count()
                            + (m.equals(head) ? " (matches)" : m.count() < head.count() ? " (catching up)"
                            : " (DOES NOT MATCH: run `audit verify`)")).orElse(" not written yet");
        } catch (SQLException | RuntimeException e) {
            return "audit chain: cannot read the head: " + e.getMessage();
        }
    }

    /** Anchors entries appended within transactions since the last anchoring (the service runs this every few seconds). */
    public void catchUp() {
        AuditLog.anchor(db);
    }

    @Override
    public void close() {
        AuditLog.anchor(db);
        AuditLog.uninstall();
    }

    /** The key: one line '<id> <base64 of 32 bytes>' after comments, as in the data key file. */
    public static byte[] readKey(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            byte[] key;
            try {
                key = parts.length == 2 ? Base64.getDecoder().decode(parts[1]) : new byte[0];
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length < 32) {
                throw new IllegalStateException(file + ": the audit key line is '<id> <base64 of 32 random bytes>'");
            }
            return key;
        }
        throw new IllegalStateException(file + " holds no audit key");
    }

    private static void writeKey(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, List.of("# Guanjia audit log key: the service signs every audit entry with it. Keep a copy "
                        + "apart from the database backups; never put it in the database.",
                "audit " + Base64.getEncoder().encodeToString(key)));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
