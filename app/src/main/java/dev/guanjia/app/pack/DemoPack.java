package dev.guanjia.app.pack;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo community shipped inside the application (resources/demo-pack), read in place whether
 * the app runs from a jar or from classes on disk.
 */
public final class DemoPack {

    private static final String ROOT = "demo-pack";

    private DemoPack() {
    }

    public interface PackAction<T> {
        T apply(Path packDir);
    }

    public static <T> T use(PackAction<T> action) {
        URL url = DemoPack.class.getClassLoader().getResource(ROOT + "/community.yaml");
        if (url == null) {
            throw new IllegalStateException("the demo pack is missing from the application build");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return action.apply(fs.getPath("/" + ROOT));
                }
            }
            return action.apply(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the demo pack: " + e.getMessage(), e);
        }
    }

    /** Writes a copy of the demo pack to target, as a starting point for a community's own pack. */
    public static void copyTo(Path target) {
        use(src -> {
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.toList()) {
                    Path to = target.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
                return target;
            } catch (IOException e) {
                throw new IllegalStateException("cannot copy the demo pack to " + target + ": " + e.getMessage(), e);
            }
        });
    }
}
