package dev.guanjia.app.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The directory everything is written to, held with an exclusive lock for as long as the process
 * uses it: two processes on one embedded database would corrupt it.
 */
public final class DataDirectory implements AutoCloseable {

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
        Files.createDirectories(path);
        Path lockFile = path.resolve("guanjia.lock");
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    /** The data directory is in use by another process. */
    public static final class DataDirectoryBusyException extends IOException {
        DataDirectoryBusyException(String message) {
            super(message);
        }
    }
}
