package dev.guanjia.app.serve;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.files.OwnerOnly;
import dev.guanjia.testkit.Clusters;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a first start spends before the service's own work, done once per test JVM: zonky unpacks the
 * PostgreSQL programs into the data directory (seconds of xz) and runs initdb there (seconds more),
 * for every test class that starts a server on a fresh directory. {@link #seed} puts a copy of both
 * into such a directory, so the start finds a cluster just as initdb left it and programs just as
 * zonky unpacked them, and goes on exactly as a first start does: securing the cluster, the service
 * role, every migration, the demo import, new keys. Classes testing the data directory itself
 * (database package, GuanjiaServerTest) do not use it and still start from nothing.
 */
public final class ClusterTemplate {

    private static Path template;

    private ClusterTemplate() {
    }

    /** The config unchanged; before that, its data directory seeded when the server would make its cluster. */
    public static GuanjiaConfig seed(GuanjiaConfig config) {
        // -Dguanjia.test.freshClusters=true: every class unpacks and runs initdb itself, as before (to compare)
        if (!config.database().embedded() || Files.exists(config.dataDir().resolve("postgres"))
                || Boolean.getBoolean("guanjia.test.freshClusters")) {
            return config;
        }
        try {
            Path tpl = template();
            Path data = OwnerOnly.directory(config.dataDir());
            // the cluster is written to: a real copy; the programs are only read: hard links
            Clusters.run("cp", "-a", tpl.resolve("postgres").toString(), data.resolve("postgres").toString());
            Path runtime = OwnerOnly.directory(data.resolve("postgres-runtime"));
            try (var copies = Files.list(tpl.resolve("postgres-runtime"))) {
                for (Path pg : copies.toList()) {
                    Clusters.run("cp", "-al", pg.toString(), runtime.resolve(pg.getFileName().toString()).toString());
                }
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** initdb's cluster and the unpacked programs, owner-only as the service leaves them; made on first use. */
    private static synchronized Path template() throws IOException {
        if (template != null) {
            return template;
        }
        Path dir = Files.createTempDirectory("guanjia-cluster-template");
        Path runtime = OwnerOnly.directory(dir.resolve("postgres-runtime"));
        // zonky remembers its last unpacked copy per JVM and reuses it while it exists: this one must not
        // become that copy, or later starts would run the template's programs instead of their own
        Map<Object, Object> unpacked = unpackedCopies();
        Object before = unpacked.get(DefaultPostgresBinaryResolver.INSTANCE);
        try {
            // the same builder settings as Database.startEmbedded that reach initdb; stopped right after it
            Clusters.initdbOnly(EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                    .setCleanDataDirectory(false).setOverrideWorkingDirectory(runtime.toFile()), dir.resolve("postgres"));
        } finally {
            if (before == null) {
                unpacked.remove(DefaultPostgresBinaryResolver.INSTANCE);
            } else {
                unpacked.put(DefaultPostgresBinaryResolver.INSTANCE, before);
            }
        }
        OwnerOnly.restrict(dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Clusters.run("rm", "-rf", dir.toString());
            } catch (IOException ignored) {
                // the JVM is going away
            }
        }));
        template = dir;
        return dir;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> unpackedCopies() {
        try {
            Field f = EmbeddedPostgres.class.getDeclaredField("PREPARE_BINARIES");
            f.setAccessible(true);
            return (Map<Object, Object>) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("zonky's unpacked-copy map is not where it was", e);
        }
    }
}
