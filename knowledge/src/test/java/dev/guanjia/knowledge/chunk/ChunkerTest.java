package dev.guanjia.knowledge.chunk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkerTest {

    private static final String BODY = """
            本小区停车收费如下。

            | 车辆 | 标准 |
            |---|---|
            | 业主月卡 | 300元/月 |
            | 临时停车 | 5元/小时 |

            一、办理月卡
            1. 带行驶证到服务中心登记；
            2. 缴费后当天生效。

            ## 注意事项
            ### 夜间
            夜间22:00后禁止鸣笛。
            """;

    @Test
    void sectionsTablesAndStepsBecomeChunksWithTheirHeadings() {
        List<Chunk> chunks = new Chunker().chunk("fee-parking", "停车收费", BODY);
        assertEquals(4, chunks.size(), chunks::toString);
        assertEquals("本小区停车收费如下。", chunks.get(0).text());
        assertTrue(chunks.get(1).text().startsWith("| 车辆 | 标准 |"), "a table keeps its header");
        assertTrue(chunks.get(1).text().contains("| 临时停车 | 5元/小时 |"));
        assertEquals("一、办理月卡", chunks.get(2).section());
        assertTrue(chunks.get(2).text().contains("1. 带行驶证") && chunks.get(2).text().contains("2. 缴费后"));
        assertEquals("注意事项 > 夜间", chunks.get(3).section());
        assertTrue(chunks.get(3).fullText().startsWith("停车收费 > 注意事项 > 夜间\n"));
    }

    @Test
    void tableRowsReadAsSentences() {
        List<Chunk> chunks = new Chunker().chunk("d", "t", BODY);
        assertEquals(List.of("车辆：业主月卡；标准：300元/月", "车辆：临时停车；标准：5元/小时"),
                Chunker.tableRowsAsText(chunks.get(1).text()));
    }

    @Test
    void longSectionsSplitBetweenItemsNeverInside() {
        StringBuilder body = new StringBuilder("## 规定\n");
        for (int i = 1; i <= 30; i++) {
            body.append(i).append(". 第").append(i).append("条规定的内容比较长，需要完整保留在同一个片段里。\n");
        }
        List<Chunk> chunks = new Chunker(200).chunk("d", "t", body.toString());
        assertTrue(chunks.size() > 3);
        for (Chunk c : chunks) {
            assertTrue(c.text().length() <= 200 || !c.text().contains("\n"), c::text);
            assertTrue(c.text().endsWith("里。"), "items are whole: " + c.text());
            assertEquals("规定", c.section());
        }
    }

    @Test
    void aFurtherSentenceOfALineIsMarkedAsContinuingIt() {
        String text = "1. 会所前台可以刷卡、扫码。前台不收现金。\n2. 网上缴费到账有延迟；以短信为准。\n自助机在大堂。";
        assertEquals(List.of("1. 会所前台可以刷卡、扫码。", "前台不收现金。", "2. 网上缴费到账有延迟；", "以短信为准。", "自助机在大堂。"),
                Chunker.pieces(text));
        assertEquals(List.of(false, true, false, true, false), Chunker.continuing(text));
    }

    @Test
    void tableRowsNeverContinue() {
        String table = "| 项目 | 价格 |\n|---|---|\n| 换锁芯 | 80元。含上门。 |";
        assertEquals(Chunker.pieces(table).size(), Chunker.continuing(table).size());
        assertTrue(Chunker.continuing(table).stream().noneMatch(c -> c));
    }
}
