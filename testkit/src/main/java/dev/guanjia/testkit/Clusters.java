package dev.guanjia.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PostgreSQL clusters made once and copied for tests: zonky's start stopped right after initdb, and the
 * shell commands that copy and remove such clusters (cp keeps owners and modes, and can hard-link).
 */
public final class Clusters {

    private Clusters() {
    }

    /**
     * Starts {@code builder} only as far as initdb, so {@code dataDirectory} (the builder's) holds a cluster
     * as initdb leaves it, without zonky's lock file, which every start makes after initdb.
     */
    public static void initdbOnly(EmbeddedPostgres.Builder builder, Path dataDirectory) throws IOException {
        try {
            builder.setDataDirectoryCustomizer(d -> {
                throw new AfterInitdb();
            }).start().close();
            throw new IllegalStateException("the template's PostgreSQL started: it should have stopped after initdb");
        } catch (AfterInitdb expected) {
            // the cluster is as initdb left it
        }
        Files.deleteIfExists(dataDirectory.resolve("epg-lock"));
    }

    /** Runs a command to its end; its output is the message when it fails. */
    public static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static final class AfterInitdb extends RuntimeException {
        AfterInitdb() {
            super(null, null, false, false);
        }
    }
}
