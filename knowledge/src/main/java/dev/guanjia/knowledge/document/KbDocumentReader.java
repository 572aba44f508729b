package dev.guanjia.knowledge.document;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads kb/*.md files: YAML front matter between "---" lines, then the Markdown body. */
public final class KbDocumentReader {

    private static final Pattern FRONT_MATTER =
            Pattern.compile("\\A\\uFEFF?---[ \\t]*\\r?\\n(.*?)\\r?\\n---[ \\t]*(?:\\r?\\n(.*))?\\z", Pattern.DOTALL);

    private KbDocumentReader() {
    }

    /** Every *.md in dir, sorted by name; duplicate ids are reported against the later file. */
    public static List<KbDocument> readAll(Path dir, List<DocumentProblem> problems) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.md")) {
                ds.forEach(files::add);
            } catch (IOException e) {
                problems.add(new DocumentProblem(dir.getFileName() + "/", 0, "", "cannot list: " + e.getMessage()));
            }
        }
        files.sort(null);
        List<KbDocument> docs = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path f : files) {
            KbDocument d = read(f, problems);
            if (d == null) {
                continue;
            }
            String first = seen.putIfAbsent(d.id(), d.sourceFile());
            if (first != null) {
                problems.add(new DocumentProblem(d.sourceFile(), 2, "id", "duplicate id '" + d.id()
                        + "' (also in " + first + ")"));
            } else {
                docs.add(d);
            }
        }
        return docs;
    }

    /** Returns null when the file has problems (they are added). */
    public static KbDocument read(Path file, List<DocumentProblem> problems) {
        String name = "kb/" + file.getFileName();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            problems.add(new DocumentProblem(name, 0, "", "not UTF-8 text"));
            return null;
        } catch (IOException e) {
            problems.add(new DocumentProblem(name, 0, "", "cannot read: " + e.getMessage()));
            return null;
        }
        return parse(name, text, problems);
    }

    /** A document from its Markdown text (front matter + body); null when it has problems (added). */
    public static KbDocument parse(String name, String text, List<DocumentProblem> problems) {
        Matcher m = FRONT_MATTER.matcher(text);
        if (!m.matches()) {
            problems.add(new DocumentProblem(name, 1, "", "no front matter: the file must start with a '---' line, "
                    + "then id/title/category/tags/updated, then another '---' line"));
            return null;
        }
        int before = problems.size();
        Map<String, Node> fm = frontMatter(name, m.group(1), problems);
        if (fm == null) {
            return null;
        }
        String id = scalar(fm, "id", name, problems);
        String title = scalar(fm, "title", name, problems);
        String category = scalar(fm, "category", name, problems);
        if (category != null && !KbDocument.CATEGORIES.contains(category)) {
            problems.add(new DocumentProblem(name, line(fm.get("category")), "category",
                    "'" + category + "' must be one of " + KbDocument.CATEGORIES));
        }
        List<String> tags = tags(fm, name, problems);
        String updatedText = scalar(fm, "updated", name, problems);
        LocalDate updated = null;
        if (updatedText != null) {
            try {
                updated = LocalDate.parse(updatedText);
            } catch (DateTimeParseException e) {
                problems.add(new DocumentProblem(name, line(fm.get("updated")), "updated",
                        "'" + updatedText + "' is not a date (YYYY-MM-DD)"));
            }
        }
        String body = m.group(2) == null ? "" : m.group(2).strip();
        if (body.isEmpty()) {
            problems.add(new DocumentProblem(name, 0, "body", "the document has no text after its front matter"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new KbDocument(id, title, category, tags, updated, body, name);
    }

    private static Map<String, Node> frontMatter(String name, String yaml, List<DocumentProblem> problems) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 2;
            problems.add(new DocumentProblem(name, line, "", "front matter is not valid YAML: " + e.getProblem()));
            return null;
        } catch (YAMLException e) {
            problems.add(new DocumentProblem(name, 2, "", "front matter is not valid YAML: " + e.getMessage()));
            return null;
        }
        if (!(root instanceof MappingNode map)) {
            problems.add(new DocumentProblem(name, 2, "", "front matter must be fields like 'id: fee-water'"));
            return null;
        }
        Map<String, Node> out = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                out.put(k.getValue(), t.getValueNode());
            }
        }
        return out;
    }

    private static String scalar(Map<String, Node> fm, String key, String name, List<DocumentProblem> problems) {
        Node n = fm.get(key);
        if (n instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue().strip();
        }
        problems.add(new DocumentProblem(name, n == null ? 2 : line(n), key, n == null ? "missing" : "must be text"));
        return null;
    }

    private static List<String> tags(Map<String, Node> fm, String name, List<DocumentProblem> problems) {
        Node n = fm.get("tags");
        if (n instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
            List<String> tags = new ArrayList<>();
            for (Node t : seq.getValue()) {
                if (t instanceof ScalarNode s && !s.getValue().isBlank()) {
                    tags.add(s.getValue().strip());
                }
            }
            if (tags.size() == seq.getValue().size()) {
                return tags;
            }
        }
        problems.add(new DocumentProblem(name, n == null ? 2 : line(n), "tags",
                "must be a non-empty list like [物业费, 缴费]"));
        return null;
    }

    /** Front matter starts on the file's second line. */
    private static int line(Node n) {
        return n.getStartMark().getLine() + 2;
    }
}
