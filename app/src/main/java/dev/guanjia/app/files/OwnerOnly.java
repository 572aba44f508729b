package dev.guanjia.app.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Files and directories that only the OS user running Guanjia may touch (0700 / 0600). On file
 * systems without POSIX permissions (Windows) everything here is a no-op and nothing is refused.
 */
public final class OwnerOnly {

    private static final int GROUP_OTHER_WRITE = 0022;
    private static final int GROUP_OTHER_ANY = 0077;

    private OwnerOnly() {
    }

    /** One entry that others may use, with its mode as ls shows it. */
    public record Exposed(Path path, String mode) {
        @Override
        public String toString() {
            return path + " (" + mode + ")";
        }
    }

    /** Creates dir and its missing parents; the directory itself (when new) is 0700. */
    public static Path directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        return dir;
    }

    /** Writes text to a new 0600 file and moves it into place, so the secret is never readable by others. */
    public static void writeSecret(Path file, String text) throws IOException {
        directory(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Entries in the tree (root included, symlinks not followed) that group or others may write to. */
    public static List<Exposed> writableByOthers(Path root) throws IOException {
        return find(root, GROUP_OTHER_WRITE);
    }

    /** Entries in the tree that group or others may read, write or enter. */
    public static List<Exposed> openToOthers(Path root) throws IOException {
        return find(root, GROUP_OTHER_ANY);
    }

    /** Whether group or others have any permission on path itself. */
    public static boolean isOpenToOthers(Path path) throws IOException {
        return unix(path).map(a -> ((Integer) a.get("mode") & GROUP_OTHER_ANY) != 0).orElse(false);
    }

    /** The owner's uid of path, when the file system knows uids. */
    public static Optional<Integer> ownerUid(Path path) throws IOException {
        return unix(path).map(a -> (Integer) a.get("uid"));
    }

    /** This process's uid (Linux), to compare with {@link #ownerUid}. */
    public static Optional<Integer> processUid() {
        try {
            return ownerUid(Path.of("/proc/self"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * chmod -R go-rwx: takes every group and other permission off root and everything under it
     * (symlinks are left alone: their own mode means nothing). Returns how many entries changed.
     */
    public static int restrict(Path root) throws IOException {
        int[] changed = {0};
        walk(root, p -> {
            Set<PosixFilePermission> perms;
            try {
                perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return;
            }
            Set<PosixFilePermission> own = EnumSet.noneOf(PosixFilePermission.class);
            for (PosixFilePermission perm : perms) {
                if (perm.name().startsWith("OWNER_")) {
                    own.add(perm);
                }
            }
            if (!own.equals(perms)) {
                Files.setPosixFilePermissions(p, own);
                changed[0]++;
            }
        });
        return changed[0];
    }

    private static List<Exposed> find(Path root, int mask) throws IOException {
        List<Exposed> found = new ArrayList<>();
        walk(root, p -> {
            Optional<Map<String, Object>> a;
            try {
                a = unix(p);
            } catch (NoSuchFileException e) {
                return;
            }
            int mode = a.map(m -> (Integer) m.get("mode")).orElse(0);
            if ((mode & mask) != 0) {
                found.add(new Exposed(p, lsMode(mode)));
            }
        });
        return found;
    }

    private interface Visit {
        void accept(Path p) throws IOException;
    }

    /**
     * Every directory and file under root, root included (symlinks are left alone: their own mode
     * means nothing); nothing on a file system without Unix modes.
     */
    private static void walk(Path root, Visit visit) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) || unix(root).isEmpty()) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                visit.accept(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    visit.accept(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed while we walked (a PostgreSQL temp file)
                }
                throw e;
            }
        });
    }

    private static Optional<Map<String, Object>> unix(Path p) throws IOException {
        try {
            return Optional.of(Files.readAttributes(p, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** 040777 → drwxrwxrwx, with s/t for setuid, setgid and sticky. */
    static String lsMode(int mode) {
        StringBuilder s = new StringBuilder();
        s.append((mode & 0170000) == 0040000 ? 'd' : '-');
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        if ((mode & 01000) != 0) {
            s.setCharAt(9, s.charAt(9) == 'x' ? 't' : 'T');
        }
        return s.toString();
    }
}
