package dev.guanjia.knowledge.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KbDocumentReaderTest {

    @TempDir
    Path kb;

    private static final String GOOD = """
            ---
            id: fee-water
            title: 水费标准
            category: fees
            tags: [水费, 缴费]
            updated: 2026-05-01
            ---
            居民生活用水按阶梯水价收费。

            | 档位 | 价格 |
            |---|---|
            | 第一档 | 3.00元/吨 |
            """;

    private List<DocumentProblem> read(String name, String text) throws IOException {
        Files.writeString(kb.resolve(name), text);
        List<DocumentProblem> problems = new ArrayList<>();
        KbDocumentReader.readAll(kb, problems);
        return problems;
    }

    @Test
    void readsFrontMatterAndBody() throws IOException {
        Files.writeString(kb.resolve("fee-water.md"), GOOD);
        List<DocumentProblem> problems = new ArrayList<>();
        List<KbDocument> docs = KbDocumentReader.readAll(kb, problems);
        assertEquals(List.of(), problems);
        KbDocument d = docs.get(0);
        assertEquals("fee-water", d.id());
        assertEquals("水费标准", d.title());
        assertEquals(List.of("水费", "缴费"), d.tags());
        assertEquals(LocalDate.of(2026, 5, 1), d.updated());
        assertTrue(d.body().startsWith("居民生活用水"));
        assertTrue(d.body().contains("| 第一档 | 3.00元/吨 |"));
        assertEquals("kb/fee-water.md", d.sourceFile());
    }

    @Test
    void missingFrontMatter() throws IOException {
        List<DocumentProblem> ps = read("plain.md", "只有正文，没有元数据。\n");
        assertEquals(1, ps.size());
        assertEquals("kb/plain.md", ps.get(0).file());
        assertTrue(ps.get(0).reason().startsWith("no front matter"));
    }

    @Test
    void badDateIsReportedOnItsLine() throws IOException {
        List<DocumentProblem> ps = read("a.md", GOOD.replace("updated: 2026-05-01", "updated: 2026-13-01"));
        assertEquals(1, ps.size(), ps::toString);
        assertEquals("updated", ps.get(0).field());
        assertEquals(6, ps.get(0).line());
    }

    @Test
    void unknownCategoryAndEmptyTags() throws IOException {
        List<DocumentProblem> ps = read("a.md", GOOD.replace("category: fees", "category: gossip")
                .replace("tags: [水费, 缴费]", "tags: []"));
        assertEquals(List.of("category", "tags"), ps.stream().map(DocumentProblem::field).toList());
    }

    @Test
    void duplicateIdAcrossFiles() throws IOException {
        Files.writeString(kb.resolve("a.md"), GOOD);
        List<DocumentProblem> ps = read("b.md", GOOD);
        assertEquals(1, ps.size());
        assertEquals("kb/b.md", ps.get(0).file());
        assertTrue(ps.get(0).reason().contains("also in kb/a.md"));
    }

    @Test
    void emptyBody() throws IOException {
        List<DocumentProblem> ps = read("a.md", GOOD.substring(0, GOOD.indexOf("---\n居民") + 4));
        assertEquals(List.of("body"), ps.stream().map(DocumentProblem::field).toList());
    }
}
