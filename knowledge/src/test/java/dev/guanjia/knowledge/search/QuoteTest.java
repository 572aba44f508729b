package dev.guanjia.knowledge.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuoteTest {

    /** Pieces of one article in document order, each scored as given. */
    private static List<String> quote(String[] texts, double[] scores, int max) {
        List<PassageCandidate> pieces = new ArrayList<>();
        List<Passage> scored = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            pieces.add(new PassageCandidate("doc", "标题", texts[i], new double[0]));
            scored.add(new Passage("doc", "标题", texts[i], scores[i]));
        }
        return Quote.of(pieces, scored, max).stream().map(Passage::text).toList();
    }

    @Test
    void aLaterListItemThatScoresBestDoesNotComeBeforeTheItemsAboveIt() {
        List<String> q = quote(new String[] {"办理流程如下：", "1. 带身份证到服务中心登记。", "2. 缴纳工本费20元。", "3. 三个工作日内领取。"},
                new double[] {0.1, 0.5, 0.9, 0.4}, 4);
        assertEquals(List.of("1. 带身份证到服务中心登记。", "2. 缴纳工本费20元。", "3. 三个工作日内领取。"),
                q.subList(q.size() - 3, q.size()));
        assertEquals("办理流程如下：", q.get(0), "the whole quote in the article's order");
    }

    @Test
    void theFirstItemOfASecondListStillLeads() {
        List<String> q = quote(new String[] {"1. 结清物业费。", "2. 申请费用结清单。", "1. 带产权证办理业主变更。", "2. 领取新门禁卡。"},
                new double[] {0.5, 0.4, 0.9, 0.3}, 4);
        assertEquals(List.of("1. 带产权证办理业主变更。", "1. 结清物业费。", "2. 申请费用结清单。", "2. 领取新门禁卡。"), q);
    }

    @Test
    void theBestPieceLeadsWhenItIsNotALaterListItem() {
        List<String> q = quote(new String[] {"服务中心每天8:00-18:00办公。", "物业费按季度收取。", "3.5元/平方米·月，含公共照明。"},
                new double[] {0.2, 0.3, 0.9}, 3);
        assertEquals("3.5元/平方米·月，含公共照明。", q.get(0), "a price is not a list item: the fact asked for leads");
        assertEquals(List.of("服务中心每天8:00-18:00办公。", "物业费按季度收取。"), q.subList(1, 3));
    }
}
