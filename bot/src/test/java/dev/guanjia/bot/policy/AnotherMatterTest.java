package dev.guanjia.bot.policy;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.ticketing.classify.Classifier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A new fault raised beside an earlier matter, and what is still the earlier one. */
class AnotherMatterTest {

    private final Classifier classifier = new Classifier();

    private ServiceCategory raised(String text) {
        AnotherMatter.Raised after = AnotherMatter.in(Vernacular.read(text), classifier);
        assertNotNull(after, text);
        return classifier.classify(after.raised()).category();
    }

    @Test
    void theEarlierMatterPutAsideOrAnotherTradeSinceThen() {
        assertEquals(ServiceCategory.PLUMBING, raised("门禁的事你们慢慢弄吧，现在厨房水管又漏了"));
        assertEquals(ServiceCategory.ELECTRICAL, raised("那个噪音投诉先放着，今天我家书房的插座没电了"));
        assertEquals(ServiceCategory.PLUMBING, raised("上周报的电梯还没修好 今天厨房下水道又堵了"));
        assertEquals(ServiceCategory.DOOR_ACCESS, raised("Besides my parking complaint, the lobby door card reader is not working"));
        assertEquals(ServiceCategory.PLUMBING, raised("门口乱停车的事还没处理 我家卫生间地漏又开始反水了"));
        assertEquals(ServiceCategory.ELECTRICAL, raised("Separate problem from my noise report: the stairwell lights are out on floor 6"));
    }

    @Test
    void theSameFaultAgainOrTheEarlierReportAskedIsNoNewMatter() {
        assertNull(AnotherMatter.in(Vernacular.read("上周报的厨房下水道还没修好 今天又堵了"), classifier));
        assertNull(AnotherMatter.in(Vernacular.read("楼上装修吵的事还没解决 昨晚又吵到一点"), classifier));
        // one fault told in clauses ("both dirty and smelly"), no earlier matter named
        assertNull(AnotherMatter.in(Vernacular.read("厨房下水管漏了 地上又脏又臭"), classifier));
        assertNull(AnotherMatter.in(Vernacular.read("卫生间水管漏水 墙角又开始发霉了"), classifier));
        assertNull(AnotherMatter.in(Vernacular.read("另外一个事，我报的门禁那单怎么样了"), classifier));
        assertNull(AnotherMatter.in(Vernacular.read("物业费怎么交"), classifier));
        // a question about a fault is asked, not reported; "take your time" about the job in hand puts nothing aside
        assertNull(AnotherMatter.in(Vernacular.read("另外一个问题，水管漏水维修怎么收费"), classifier));
        assertNull(AnotherMatter.in(Vernacular.read("不急不急，师傅慢慢弄吧，我家水龙头一直在滴水"), classifier));
    }
}
