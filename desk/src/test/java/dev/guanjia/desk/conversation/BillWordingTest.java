package dev.guanjia.desk.conversation;

import dev.guanjia.bot.turn.Identity;
import dev.guanjia.bot.turn.TurnResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resident's own bills, paying right after them, and the current notices, asked in the wording of
 * many regions, ages and scripts (probes/money.tsv, written for this test and kept apart from the
 * intent examples); a fee's rule asked by a known resident (the article, their bills beside it); and the
 * near-misses that ask for an invoice, a neighbour's bill or a repair instead.
 */
class BillWordingTest {

    private static final Identity OWNER = new Identity("wechat", "wechat_openid", "wx-owner");
    private static final Identity NEIGHBOUR = new Identity("web", "phone", "13700000002");

    private static ServiceDesk withNotices;
    private static ServiceDesk later;

    @BeforeAll
    static void build() throws Exception {
        MoneyEstate.build();
        withNotices = MoneyEstate.withNotices;
        later = MoneyEstate.later;
    }

    static Stream<Arguments> probes() throws Exception {
        return ProbeEstate.sampled("/probes/money.tsv");
    }

    private static int turns;

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("probes")
    void understood(String group, String message) {
        // the probes alternate between a WeChat follower and a caller known by phone
        Identity who = turns++ % 2 == 0 ? OWNER : NEIGHBOUR;
        ServiceDesk desk = group.equals("notice") ? withNotices : later;
        String conversation = desk.open("c1", who);
        if (group.equals("pay") || group.equals("hold")) {
            TurnResult bills = desk.turn("c1", conversation, who, "帮我查一下我家的账单");
            assertTrue(has(bills, "bill.listed"), bills.toString());
        }
        TurnResult r = desk.turn("c1", conversation, who, message);
        switch (group) {
            case "bill" -> assertTrue(has(r, "bill.listed") && !has(r, "payment.offered"), r.toString());
            case "pay" -> assertTrue(has(r, "payment.offered"), r.toString());
            case "notice" -> assertTrue(has(r, "notice.listed"), r.toString());
            case "miss" -> assertTrue(!has(r, "bill.listed") && !has(r, "payment.offered") && !has(r, "notice.listed"),
                    r.toString());
            case "hold" -> assertTrue(!has(r, "payment.offered"), r.toString());
            // the rule of a fee asked by a known resident: the article, and their bills may stand beside it
            case "rule" -> assertTrue(!has(r, "payment.offered") && !has(r, "notice.listed"), r.toString());
            // how or where to pay, asked by one who owes: the ways from the article, and their payment beside them
            case "ways" -> assertTrue(has(r, "payment.offered") && has(r, "bill.listed") && !r.citations().isEmpty(), r.toString());
            default -> throw new IllegalArgumentException(group);
        }
    }

    /** Owing said as 差 lists the bills; days or votes short, said with 差, do not. */
    @org.junit.jupiter.api.Test
    void owingSaidWithChaListsTheBillsAndADifferenceDoesNot() {
        for (String owing : new String[]{"我两套房一共差好多，交得清不", "我家物业费倒差几多钱"}) {
            TurnResult r = later.turn("c1", later.open("c1", OWNER), OWNER, owing);
            assertTrue(has(r, "bill.listed"), owing + " → " + r);
        }
        for (String other : new String[]{"我都差多少天没见到保洁了", "我们楼业主大会投票一共差多少票"}) {
            TurnResult r = later.turn("c1", later.open("c1", OWNER), OWNER, other);
            assertTrue(!has(r, "bill.listed") && !has(r, "payment.offered"), other + " → " + r);
        }
    }

    /** What a fee comes to for their home: a known resident hears their bills and the standard; a visitor, the standard. */
    @org.junit.jupiter.api.Test
    void aFeeAskedForTheirHomeIsTheirBillsAndTheStandardAndForAVisitorTheStandard() {
        String asked = "我们那套房物业费一个季度多少钱";
        TurnResult own = later.turn("c1", later.open("c1", OWNER), OWNER, asked);
        assertTrue(has(own, "bill.listed"), own.toString());
        assertTrue(own.citations().stream().anyMatch(c -> c.docId().equals("fee-standard")), own.toString());
        Identity visitor = Identity.anonymous("web");
        TurnResult theirs = later.turn("c1", later.open("c1", visitor), visitor, asked);
        assertTrue(theirs.actions().isEmpty(), theirs.toString());
        assertTrue(theirs.citations().stream().anyMatch(c -> c.docId().equals("fee-standard")), theirs.toString());
        // the rule asked plainly by a known resident: the article's passage first, their bills for it after
        TurnResult rule = later.turn("c1", later.open("c1", OWNER), OWNER, "物业费按面积每平方收几块");
        assertTrue(has(rule, "bill.listed") && !has(rule, "payment.offered"), rule.toString());
        assertTrue(rule.citations().stream().anyMatch(c -> c.docId().equals("fee-standard")), rule.toString());
        assertTrue(rule.reply().indexOf("每平方米2元") >= 0 && rule.reply().indexOf("每平方米2元") < rule.reply().indexOf("1-1-101"),
                rule.toString());
    }

    private static boolean has(TurnResult r, String action) {
        return r.actions().stream().anyMatch(a -> a.type().equals(action));
    }
}
