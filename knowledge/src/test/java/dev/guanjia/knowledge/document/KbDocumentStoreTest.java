package dev.guanjia.knowledge.document;

import dev.guanjia.testkit.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KbDocumentStoreTest {

    private final DataSource db = TestDatabase.fresh("knowledge");

    private static KbDocument doc(String id, String body) {
        return new KbDocument(id, "标题" + id, "fees", List.of("标签"), LocalDate.of(2026, 1, 1), body, "kb/" + id + ".md");
    }

    @Test
    void replaceUpdatesAddsAndRemovesPerCommunity() throws SQLException {
        KbDocumentStore store = new KbDocumentStore(db);
        try (Connection c = db.getConnection()) {
            KbDocumentStore.replace(c, null, List.of(doc("shared", "全公司通用")));
            KbDocumentStore.replace(c, "a", List.of(doc("x", "旧内容"), doc("y", "内容")));
            KbDocumentStore.replace(c, "b", List.of(doc("x", "另一个小区")));
            KbDocumentStore.replace(c, "a", List.of(doc("x", "新内容"), doc("z", "新增")));
        }
        List<KbDocument> a = store.forCommunity("a");
        assertEquals(List.of("shared", "x", "z"), a.stream().map(KbDocument::id).toList());
        assertEquals("新内容", a.get(1).body());
        assertEquals(List.of("shared", "x"), store.forCommunity("b").stream().map(KbDocument::id).toList());
        assertEquals("另一个小区", store.forCommunity("b").get(1).body());
    }
}
