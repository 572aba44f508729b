package dev.guanjia.ticketing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each module owns its tables: ticketing's SQL names only the tables ticketing's migrations create.
 * Houses, residents, staff and settings are read through community's read methods.
 */
class OwnTablesTest {

    private static final Pattern CREATED = Pattern.compile("CREATE (?:TABLE|SEQUENCE) (\\w+)");
    private static final Pattern NAMED = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_][a-z0-9_]*)");

    @Test
    void ticketingSqlNamesOnlyTicketingTables() throws IOException {
        Set<String> own = new HashSet<>();
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration/ticketing"))) {
            for (Path p : migrations.toList()) {
                Matcher m = CREATED.matcher(Files.readString(p));
                while (m.find()) {
                    own.add(m.group(1));
                }
            }
        }
        assertTrue(own.contains("work_orders") && own.contains("outbox"), own.toString());
        List<String> foreign = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path p : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = NAMED.matcher(Files.readString(p));
                while (m.find()) {
                    seen++;
                    if (!own.contains(m.group(1))) {
                        foreign.add(p.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertTrue(seen > 20, "the scan found ticketing's own statements (" + seen + ")");
        assertEquals(List.of(), foreign, "SQL naming another module's tables");
    }
}
