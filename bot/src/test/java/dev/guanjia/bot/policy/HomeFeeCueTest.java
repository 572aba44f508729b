package dev.guanjia.bot.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fee of a home asked about without a word for "my" (our own phrasings): from a known resident it is their
 * home's fee; the rule of a fee; whether it was paid, said regionally, is no payment.
 */
class HomeFeeCueTest {

    @ParameterizedTest
    @ValueSource(strings = {"卫生费今年收了没有", "暖气费出单子了吗", "车位费交到几号了", "电梯费一个季度多少钱", "公摊这期算出来多少",
            "物管费是按面积算吗", "采暖费几号截止", "停车费欠着没", "管理费还差多少", "上季度的还没交是吧",
            "这个月该交多少了", "how much is the management fee this quarter", "wuyefei duo shao"})
    void asksAboutAHomeFee(String text) {
        assertTrue(Cues.asksAboutHomeFee(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"物业费发票在哪下载", "暖气费能退吗", "隔壁物业费交了没", "装修押金多少", "门禁卡补办多少钱",
            "上门维修费怎么收", "物业费为什么又涨了", "暖气片不热", "停水通知有吗", "Can I get a receipt for the parking fee?",
            "物业费收支在哪公示", "要是暖气费晚交两个月会不会停暖", "我家90平一年物业费算下来多少"})
    void isNotAHomeFeeAsked(String text) {
        assertFalse(Cues.asksAboutHomeFee(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"物业费按什么收", "暖气费多少钱一平", "车位费能在公众号交吗", "管理费几号之前交", "滞纳金怎么算",
            "How is the heating fee calculated?",
            // who pays it
            "房东叫我交管理费 不是该他交的吗", "物业费租客交还是房东交", "Do I pay the service charge or does the landlord?"})
    void asksTheRule(String text) {
        assertTrue(Cues.asksFeeRule(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"我屋的管理费交咯冇", "屋头暖气费交起没得", "阮厝车位费有缴无", "阿拉屋里暖气费要交几钿", "我家现在要交的钱",
            "车位费能在公众号交吗？我家还欠多少"})
    void whetherPaidIsNoPayment(String text) {
        assertFalse(Cues.wantsToPay(Vernacular.read(text)), text);
    }

    @Test
    void roomsAreNumbersNotAmountsOrYears() {
        assertEquals(List.of("1203"), Cues.roomsNamed("帮我看下1203的停车费"));
        assertEquals(List.of(), Cues.roomsNamed("2026年物业费600元，100平"));
        assertEquals(List.of("405"), Cues.roomsNamed("405室物业费交了吗"));
        // a fee's amount pointed at is no room
        assertEquals(List.of(), Cues.roomsNamed("物业费先不交 净系交车位那150"));
        // an amount is no room
        assertEquals(List.of(), Cues.roomsNamed("我停车费怎么还有一笔350没交"));
    }

    @Test
    void theClauseThatAsksTheRule() {
        assertEquals("暖气费在哪交", Cues.feeRuleClause("暖气费在哪交，顺便看看我家还差多少"));
    }

    /** "And that home?" right after bills: a home named and nothing else. */
    @org.junit.jupiter.api.Test
    void anotherHomeAskedAfterTheBills() {
        for (String t : new String[]{"那405呢", "那12栋501那套呢？", "那3-1-1705呢", "what about 2-1-302?", "还有1802嘞"}) {
            org.junit.jupiter.api.Assertions.assertTrue(Cues.asksAboutAnotherHome(t), t);
        }
        for (String t : new String[]{"那物业费呢", "405的门禁卡坏了呢", "那明天呢", "what about the gym?", "那2025的呢",
                "那车位205呢", "what about 2025?"}) {
            org.junit.jupiter.api.Assertions.assertFalse(Cues.asksAboutAnotherHome(t), t);
        }
    }
}
