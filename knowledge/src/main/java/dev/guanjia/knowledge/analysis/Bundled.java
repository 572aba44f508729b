package dev.guanjia.knowledge.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The vocabulary, example and model files shipped inside the knowledge module (resources/knowledge/). */
public final class Bundled {

    private Bundled() {
    }

    /** An operator's copy of a shipped file when it exists, else the shipped text. */
    public static String operatorOr(java.nio.file.Path file, String name) throws IOException {
        if (file != null && java.nio.file.Files.isRegularFile(file)) {
            return java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
        }
        return text(name);
    }

    /** A shipped file's text; a missing one is a broken build, said by name. */
    public static String text(String name) {
        String resource = "/knowledge/" + name;
        try (InputStream in = Bundled.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("knowledge/" + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read knowledge/" + name, e);
        }
    }
}
