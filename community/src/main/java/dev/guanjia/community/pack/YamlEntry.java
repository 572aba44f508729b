package dev.guanjia.community.pack;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One YAML mapping read field by field. A field of the wrong shape is reported with its line
 * and read as null, so one pass collects every problem instead of stopping at the first.
 */
final class YamlEntry {

    private final String file;
    private final String where;
    private final Node node;
    private final Map<String, Node> fields = new LinkedHashMap<>();
    private final List<PackProblem> problems;

    YamlEntry(String file, String where, Node node, List<PackProblem> problems) {
        this.file = file;
        this.where = where;
        this.node = node;
        this.problems = problems;
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    fields.put(k.getValue(), t.getValueNode());
                }
            }
        } else {
            problem(node, "", "must be a mapping of fields");
        }
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    boolean has(String key) {
        Node n = fields.get(key);
        return n != null && !isNull(n);
    }

    Node node(String key) {
        return fields.get(key);
    }

    void problem(String key, String reason) {
        Node n = fields.get(key);
        problem(n == null ? node : n, key, reason);
    }

    private void problem(Node at, String key, String reason) {
        String field = key.isEmpty() ? where : where.isEmpty() ? key : where + "." + key;
        problems.add(new PackProblem(file, at.getStartMark().getLine() + 1, field, reason));
    }

    /** A scalar as written (numbers and dates too: "3" and 3 are both "3"). */
    String text(String key, boolean required) {
        Node n = fields.get(key);
        if (n == null || isNull(n)) {
            if (required) {
                problem(key, "missing");
            }
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            problem(key, "must be a single value");
            return null;
        }
        String v = s.getValue().strip();
        if (v.isEmpty() && required) {
            problem(key, "must not be empty");
            return null;
        }
        return v;
    }

    BigDecimal decimal(String key, boolean required) {
        String v = text(key, required);
        if (v == null) {
            return null;
        }
        Optional<BigDecimal> d = Scalars.decimal(v);
        if (d.isEmpty()) {
            problem(key, "'" + v + "' is not a number");
        }
        return d.orElse(null);
    }

    Integer integer(String key, boolean required) {
        String v = text(key, required);
        if (v == null) {
            return null;
        }
        Optional<Integer> n = Scalars.integer(v);
        if (n.isEmpty()) {
            problem(key, "'" + v + "' is not a whole number");
        }
        return n.orElse(null);
    }

    Boolean bool(String key, boolean required) {
        String v = text(key, required);
        if (v == null) {
            return null;
        }
        Optional<Boolean> b = Scalars.bool(v);
        if (b.isEmpty()) {
            problem(key, "'" + v + "' must be true or false");
        }
        return b.orElse(null);
    }

    LocalDate date(String key, boolean required) {
        String v = text(key, required);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            problem(key, "'" + v + "' is not a date (YYYY-MM-DD)");
            return null;
        }
    }

    OffsetDateTime dateTime(String key, boolean required) {
        String v = text(key, required);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            problem(key, "'" + v + "' is not a date-time with offset (2026-09-02T09:10:00+08:00)");
            return null;
        }
    }

    /** A region time zone as the tz database names it (Asia/Shanghai, Asia/Urumqi). */
    java.time.ZoneId zone(String key, boolean required) {
        String v = text(key, required);
        if (v == null) {
            return null;
        }
        try {
            return java.time.ZoneId.of(v);
        } catch (java.time.DateTimeException e) {
            problem(key, "'" + v + "' is not a time zone (write it like Asia/Shanghai or Asia/Urumqi)");
            return null;
        }
    }

    /** A list of scalars; a single scalar is not silently taken as a list of one. */
    List<String> texts(String key, boolean required) {
        Node n = fields.get(key);
        if (n == null || isNull(n)) {
            if (required) {
                problem(key, "missing");
            }
            return required ? null : List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            problem(key, "must be a list, like [a, b]");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && !s.getValue().isBlank()) {
                out.add(s.getValue().strip());
            } else {
                problem(item, key, "list items must be single values");
                return null;
            }
        }
        return out;
    }

    /** Sub-entries of a list field, each named like "houses[3]" until it has an id. */
    List<YamlEntry> entries(String key, boolean required) {
        Node n = fields.get(key);
        if (n == null || isNull(n)) {
            if (required) {
                problem(key, "missing (must be a non-empty list)");
            }
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            problem(key, "must be a list");
            return List.of();
        }
        if (seq.getValue().isEmpty() && required) {
            problem(key, "must not be empty");
        }
        List<YamlEntry> out = new ArrayList<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            out.add(new YamlEntry(file, key + "[" + i++ + "]", item, problems));
        }
        return out;
    }

    /** The same entry, named by its id from now on ("house 3-2-501"), which reads better in reports. */
    YamlEntry named(String name) {
        return new YamlEntry(file, name, node, problems);
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }
}
