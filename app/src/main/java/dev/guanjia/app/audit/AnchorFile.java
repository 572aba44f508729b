package dev.guanjia.app.audit;

import dev.guanjia.community.audit.AuditAnchor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The audit anchor as a small text file in the data directory (audit.anchor): the log's length and
 * newest MAC. Written whole to a temporary file, flushed to disk, then renamed over the old one, so
 * a crash leaves either mark, never half of one. It holds no secret; the database cannot reach it.
 */
public final class AnchorFile implements AuditAnchor {

    private final Path file;

    public AnchorFile(Path file) {
        this.file = file;
    }

    @Override
    public Optional<Mark> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Long count = null;
            String head = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.startsWith("count ")) {
                    count = Long.parseLong(t.substring(6).strip());
                } else if (t.startsWith("head ")) {
                    head = t.substring(5).strip();
                }
            }
            if (count == null || head == null) {
                throw new IllegalStateException(file + " is not an audit anchor (no count or head line)");
            }
            return Optional.of(new Mark(count, head));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchor " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " is not an audit anchor (count is not a number)", e);
        }
    }

    @Override
    public void record(Mark mark) {
        String text = "# Guanjia audit anchor: the audit log's length and newest MAC when this node last checked.\n"
                + "# `audit verify` compares the table with it. Back it up with the data directory; never edit it.\n"
                + "count " + mark.count() + "\n"
                + "head " + mark.head() + "\n"
                + "written " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit anchor " + file, e);
        }
    }

    /** Makes the rename itself durable (Linux allows fsync on a directory; elsewhere this is skipped). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform: the rename is still atomic, just not yet flushed
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
