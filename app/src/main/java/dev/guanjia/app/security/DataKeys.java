package dev.guanjia.app.security;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.files.OwnerOnly;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.Resealing;
import dev.guanjia.desk.privacy.ConversationRecords;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;

/**
 * The master key for residents' personal data: from security.data_key, else the key file
 * (security.data_key_file, default data/keys/data.key). Outside production mode a missing key file
 * is generated once, and the log says so; in production mode the service refuses to start.
 */
public final class DataKeys {

    private static final Logger LOG = Logger.getLogger(DataKeys.class.getName());

    private DataKeys() {
    }

    public static Path keyFile(GuanjiaConfig config) {
        return config.security().dataKeyFile() != null ? config.security().dataKeyFile()
                : config.dataDir().resolve("keys").resolve("data.key");
    }

    /** Loads (or, in demo mode, creates) the keys; the caller hands the keyring to what needs it. */
    public static PersonalData load(GuanjiaConfig config) throws IOException {
        GuanjiaConfig.Security s = config.security();
        List<PersonalData.Key> keys;
        if (s.dataKey() != null) {
            keys = List.of(new PersonalData.Key("cfg", Base64.getDecoder().decode(s.dataKey().strip())));
        } else {
            Path file = keyFile(config);
            if (!Files.exists(file)) {
                if (s.production()) {
                    throw new IllegalStateException("no data key: production mode needs security.data_key "
                            + "(GUANJIA_DATA_KEY) or a key file at " + file + "; refusing to start");
                }
                write(file, List.of(PersonalData.Key.random()));
                LOG.warning(() -> "generated a local data key for residents' personal data at " + file
                        + " (demo mode). Back it up: without it the data cannot be read. For production set "
                        + "security.production: true and provide the key yourself.");
            }
            keys = read(file);
        }
        return new PersonalData(keys);
    }

    /** Seals what is still in the clear and re-seals what an older key sealed, in one transaction. */
    public static int reseal(DataSource db, PersonalData pd) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n = Resealing.community(c, pd)
                        + Resealing.column(c, pd, "binding_requests", "value")
                        + Resealing.column(c, pd, "binding_requests", "claimed_name")
                        + ConversationRecords.reseal(c, pd)
                        + dev.guanjia.desk.privacy.UnansweredRecords.reseal(c, pd);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Rotation: a new key becomes current (the old one stays readable), every row is re-sealed and
     * re-hashed, then the old key is dropped from the file. A crash between the steps leaves both
     * keys in the file, so nothing becomes unreadable.
     */
    public static String rotate(GuanjiaConfig config, DataSource db) throws IOException, SQLException {
        if (config.security().dataKey() != null) {
            throw new IllegalStateException("the key comes from security.data_key: rotate by setting a new key "
                    + "file (security.data_key_file) that lists the new key first and the old one second");
        }
        Path file = keyFile(config);
        List<PersonalData.Key> old = read(file);
        PersonalData.Key fresh = PersonalData.Key.random();
        List<PersonalData.Key> both = new ArrayList<>();
        both.add(fresh);
        both.addAll(old);
        write(file, both);
        reseal(db, new PersonalData(both));
        write(file, List.of(fresh));
        return fresh.id();
    }

    static List<PersonalData.Key> read(Path file) throws IOException {
        List<PersonalData.Key> keys = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalStateException(file + ": each line is '<key id> <base64 key>'");
            }
            keys.add(new PersonalData.Key(parts[0], Base64.getDecoder().decode(parts[1])));
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException(file + " holds no key");
        }
        return keys;
    }

    static void write(Path file, List<PersonalData.Key> keys) throws IOException {
        OwnerOnly.directory(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Guanjia data keys: the first is current. Keep a copy somewhere safe.");
        for (PersonalData.Key k : keys) {
            lines.add(k.id() + " " + Base64.getEncoder().encodeToString(k.secret()));
        }
        Files.write(tmp, lines);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
