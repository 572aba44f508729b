package dev.guanjia.app.database;

import dev.guanjia.app.files.OwnerOnly;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The directory everything is written to, held with an exclusive lock for as long as the process
 * uses it: two processes on one embedded database would corrupt it. It holds the PostgreSQL
 * programs Guanjia runs, the database, and the keys, so it belongs to the service's OS user alone.
 */
public final class DataDirectory implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DataDirectory.class.getName());

    /** How many offending paths a refusal lists before it says "and N more". */
    private static final int LISTED = 8;

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Throws {@link DataDirectoryBusyException} when another Guanjia holds it. */
    public static DataDirectory lock(Path path) throws IOException {
        secure(path);
        Path lockFile = path.resolve("guanjia.lock");
        FileChannel ch;
        try {
            ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new DataDirectoryBusyException("another Guanjia process is already using the data directory "
                    + path + " (it holds " + lockFile + "). Stop that process first, or give this one another "
                    + "directory with GUANJIA_DATA_DIR.");
        }
        return new DataDirectory(path, ch, lock);
    }

    /**
     * Creates the directory 0700, or checks an existing one: refused when it belongs to another user,
     * when other users can write to it, to the PostgreSQL programs or database in it, or (while they
     * can get into the directory) to anything else in it: they could have swapped the programs or the
     * data, and tightening now would hide that. Also refused when they could read a key file. What is
     * merely readable by others is then made owner-only (chmod -R go-rwx), as older versions left it.
     */
    public static void secure(Path path) throws IOException {
        OwnerOnly.directory(path);
        Path dir = path.toRealPath();
        Optional<Integer> me = OwnerOnly.processUid();
        Optional<Integer> owner = OwnerOnly.ownerUid(dir);
        if (me.isPresent() && owner.isPresent() && !me.get().equals(owner.get())) {
            throw new PermissionsTooOpenException("refusing to start: the data directory " + dir + " belongs to "
                    + "another user (uid " + owner.get() + "), not to the user running Guanjia (uid " + me.get()
                    + "); its owner can change the programs and data Guanjia uses. Fix: run Guanjia as its owner, "
                    + "or as root: chown -R " + me.get() + " " + dir + " && chmod -R go-rwx " + dir);
        }
        // The programs and the database must never be writable by others, whatever the directory above;
        // anything else only counts while others can reach it (a umask of 002 makes group-writable
        // files inside the 700 directory, which nobody else can get to: those are just tightened).
        boolean reachable = OwnerOnly.isOpenToOthers(dir);
        Path programs = dir.resolve("postgres-runtime");
        Path database = dir.resolve("postgres");
        List<OwnerOnly.Exposed> writable = OwnerOnly.writableByOthers(dir).stream()
                .filter(e -> reachable || e.path().equals(dir) || e.path().startsWith(programs)
                        || e.path().startsWith(database))
                .toList();
        Path keys = dir.resolve("keys");
        List<OwnerOnly.Exposed> readableKeys = !reachable || !Files.isDirectory(keys) || !OwnerOnly.isOpenToOthers(keys) ? List.of()
                : OwnerOnly.openToOthers(keys).stream()
                        .filter(e -> Files.isRegularFile(e.path()) && e.mode().matches("....r.*|.......r.*"))
                        .toList();
        if (!writable.isEmpty() || !readableKeys.isEmpty()) {
            throw new PermissionsTooOpenException(refusal(dir, writable, readableKeys));
        }
        int tightened = OwnerOnly.restrict(dir);
        // Files made since the last start with the umask's mode sit in an owner-only directory: not news.
        LOG.log(reachable ? Level.INFO : Level.FINE, () -> "made " + tightened + " files and directories in " + dir
                + " accessible to their owner only" + (reachable ? " (the directory was open to other users)" : ""));
    }

    private static String refusal(Path dir, List<OwnerOnly.Exposed> writable, List<OwnerOnly.Exposed> readableKeys) {
        StringBuilder s = new StringBuilder("refusing to start: ");
        if (!writable.isEmpty()) {
            s.append("other users on this machine can write to the data directory ").append(dir).append(":\n")
                    .append(listed(writable))
                    .append("Whoever can write there can replace the PostgreSQL programs Guanjia runs, or its data.\n");
        }
        if (!readableKeys.isEmpty()) {
            s.append("other users on this machine can read secret keys in ").append(dir.resolve("keys")).append(":\n")
                    .append(listed(readableKeys));
        }
        s.append("Fix, as the user that runs Guanjia:\n  chmod -R go-rwx ").append(dir).append('\n');
        Path runtime = dir.resolve("postgres-runtime");
        if (writable.stream().anyMatch(e -> e.path().startsWith(runtime))) {
            s.append("The PostgreSQL programs in ").append(runtime).append(" may have been replaced already; delete "
                    + "them too (Guanjia unpacks fresh ones from its own jar on the next start):\n  rm -rf ")
                    .append(runtime).append('\n');
        }
        if (!readableKeys.isEmpty()) {
            s.append("The keys may have been copied: after the fix, rotate the data key (guanjia keys rotate) and "
                    + "delete ").append(dir.resolve("keys").resolve("db*.password"))
                    .append(" (new database passwords are made on the next start).\n");
        }
        return s.toString().strip();
    }

    private static String listed(List<OwnerOnly.Exposed> exposed) {
        String shown = exposed.stream().limit(LISTED).map(e -> "  " + e + "\n").collect(Collectors.joining());
        return exposed.size() > LISTED ? shown + "  ... and " + (exposed.size() - LISTED) + " more\n" : shown;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    /** The data directory is open to other users: starting would trust what they could have changed. */
    public static final class PermissionsTooOpenException extends IOException {
        PermissionsTooOpenException(String message) {
            super(message);
        }
    }

    /** The data directory is in use by another process. */
    public static final class DataDirectoryBusyException extends IOException {
        DataDirectoryBusyException(String message) {
            super(message);
        }
    }
}
