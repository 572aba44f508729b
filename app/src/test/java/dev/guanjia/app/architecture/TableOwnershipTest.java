package dev.guanjia.app.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each module owns the tables its migrations create ({@code <module>/src/main/resources/db/migration/<module>});
 * only that module's SQL names them, the others call its methods. This reads every module's
 * migrations to learn the owners, then every module's main Java sources (not tests, not the testkit)
 * for SQL in string literals and text blocks, and lists each table named by a module that does not
 * own it. {@code app} owns no table, so it names none.
 */
class TableOwnershipTest {

    /**
     * Tables created by more than one module's migrations, and the module that owns each.
     * chat_memory: the agent's working memory. The desk's V2 made it while conversations and the
     * agent were one module; when they split, the bot adopted it (its V1 creates it only where
     * missing, as databases made before the split already have it). Only the bot reads or writes it.
     */
    private static final Map<String, String> SHARED = Map.of("chat_memory", "bot");

    /** Literals that look like SQL but are never run: the fuzzer's injection attempts. */
    private static final Set<String> NOT_SQL = Set.of("1; DROP TABLE residents; --");

    /** Modules whose main sources are not the product: test fixtures, allowed to seed any table. */
    private static final Set<String> NOT_SCANNED = Set.of("testkit");

    private static final Pattern CREATED = Pattern.compile(
            "(?i)\\bcreate\\s+(?:table|sequence)\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern NAMED = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|table|truncate)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern SEQUENCE = Pattern.compile("(?i)\\b(?:nextval|currval|setval)\\s*\\(\\s*'([a-z_][a-z0-9_]*)'");

    @Test
    void everyModuleNamesOnlyItsOwnTables() throws IOException {
        Path root = root();
        Map<String, String> owners = owners(root);
        assertEquals("ticketing", owners.get("work_orders"), "the migrations were read");
        assertEquals("bot", owners.get("chat_memory"));
        List<String> foreign = new ArrayList<>();
        for (String module : modules(root)) {
            Path sources = root.resolve(module).resolve("src/main/java");
            if (NOT_SCANNED.contains(module) || !Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    for (String table : tablesNamed(Files.readString(file), owners.keySet())) {
                        String owner = owners.get(table);
                        if (!owner.equals(module)) {
                            foreign.add(relative + ": " + table + " (owned by " + owner + ")");
                        }
                    }
                }
            }
        }
        if (!foreign.isEmpty()) {
            fail("SQL naming another module's table; call the owning module's methods instead:\n  "
                    + String.join("\n  ", foreign));
        }
    }

    @Test
    void findsTablesInLiteralsAndTextBlocksOnly() {
        String source = """
                // SELECT * FROM houses (a comment)
                String a = "SELECT 1 FROM " +
                        "houses h JOIN staff s ON true";
                String b = \"""
                        DELETE FROM chat_memory WHERE memory_id = ?\""";
                String c = "from the outbox"; char q = '"'; String d = "INSERT INTO outbox";
                """;
        assertEquals(Set.of("houses", "staff", "chat_memory", "outbox"),
                tablesNamed(source, Set.of("houses", "staff", "chat_memory", "outbox", "work_orders")));
        assertTrue(tablesNamed("String s = \"" + NOT_SQL.iterator().next() + "\";", Set.of("residents")).isEmpty());
    }

    /** Table (or sequence) → owning module, from every module's migrations. */
    private static Map<String, String> owners(Path root) throws IOException {
        Map<String, Set<String>> creators = new TreeMap<>();
        for (String module : modules(root)) {
            Path migrations = root.resolve(module).resolve("src/main/resources/db/migration").resolve(module);
            if (!Files.isDirectory(migrations)) {
                continue;
            }
            try (Stream<Path> files = Files.list(migrations)) {
                for (Path sql : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                    Matcher m = CREATED.matcher(Files.readString(sql).replaceAll("--[^\n]*", ""));
                    while (m.find()) {
                        creators.computeIfAbsent(m.group(1).toLowerCase(Locale.ROOT), k -> new TreeSet<>()).add(module);
                    }
                }
            }
        }
        Map<String, String> owners = new TreeMap<>();
        creators.forEach((table, modules) -> {
            if (modules.size() == 1) {
                owners.put(table, modules.iterator().next());
            } else if (SHARED.containsKey(table) && modules.contains(SHARED.get(table))) {
                owners.put(table, SHARED.get(table));
            } else {
                fail("table " + table + " is created by " + modules + ": say in SHARED which one owns it");
            }
        });
        return owners;
    }

    /** The known tables that SQL in the source's string literals names. */
    static Set<String> tablesNamed(String source, Set<String> tables) {
        Set<String> out = new TreeSet<>();
        for (String sql : literals(source)) {
            for (Pattern p : List.of(NAMED, SEQUENCE)) {
                Matcher m = p.matcher(sql);
                while (m.find()) {
                    String name = m.group(1).toLowerCase(Locale.ROOT);
                    if (tables.contains(name)) {
                        out.add(name);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The string literals and text blocks of a Java source, outside comments; literals joined only
     * by '+' count as one, so SQL split over lines is read whole.
     */
    static List<String> literals(String src) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                i = skipQuoted(src, i, '\'');
            } else if (c == '"') {
                String literal;
                if (src.startsWith("\"\"\"", i)) {
                    int end = src.indexOf("\"\"\"", i + 3);
                    while (end > 0 && src.charAt(end - 1) == '\\') {
                        end = src.indexOf("\"\"\"", end + 1);
                    }
                    end = end < 0 ? n : end;
                    literal = src.substring(i + 3, end);
                    i = Math.min(n, end + 3);
                } else {
                    int end = skipQuoted(src, i, '"');
                    literal = src.substring(i + 1, Math.max(i + 1, end - 1));
                    i = end;
                }
                if (NOT_SQL.contains(literal)) {
                    continue;
                }
                if (current == null) {
                    current = new StringBuilder(literal);
                    out.add(null);
                } else {
                    current.append(' ').append(literal);
                }
                out.set(out.size() - 1, current.toString());
                // a following literal continues this one only across '+' and blanks
                int next = i;
                while (next < n && (Character.isWhitespace(src.charAt(next)) || src.charAt(next) == '+')) {
                    next++;
                }
                if (next >= n || src.charAt(next) != '"' || src.substring(i, next).indexOf('+') < 0) {
                    current = null;
                }
            } else {
                i++;
            }
        }
        return out;
    }

    /** Index just past the quoted literal starting at from, escapes included. */
    private static int skipQuoted(String src, int from, char quote) {
        int i = from + 1;
        while (i < src.length() && src.charAt(i) != quote) {
            i += src.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(src.length(), i + 1);
    }

    private static List<String> modules(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    /** The reactor's root: the nearest directory up whose pom.xml lists the modules. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.isRegularFile(p.resolve("pom.xml")) && Files.readString(p.resolve("pom.xml")).contains("<module>app</module>")) {
                    return p;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("run from inside the project: no pom.xml lists the modules");
    }
}
