package dev.guanjia.knowledge.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WaysToPayTest {

    private static Hit hit(String id, String text) {
        return new Hit(id, id, "", 1, text, text, "fees");
    }

    private static final List<Hit> RATES_FIRST = List.of(
            hit("fee-rates", "物业服务费按建筑面积计收：住宅2.20元/平方米/月，按季度缴纳，季度末月底前缴清。"),
            hit("fee-ways", "可以通过以下渠道缴纳：1. 微信公众号在线缴费；2. 服务中心前台刷卡；3. 银行代扣。"),
            hit("parking", "地下车位管理费每月150元。"));

    @Test
    void howOrWhereToPayIsAnsweredByTheWaysNotTheRates() {
        for (String q : new String[]{"物业费怎么交", "管理费在哪缴", "物业费用什么交", "How do I pay the service charge?", "物业费有哪些缴费方式"}) {
            assertEquals(1, WaysToPay.answering(q, RATES_FIRST), q);
        }
    }

    @Test
    void whetherOneChannelTakesTheFeeIsAnsweredByTheWays() {
        for (String q : new String[]{"管理费能用支付宝付不", "物业费手机上可以缴吗", "Can I pay the management fee with Alipay?",
                "支持云闪付吗", "公众号里面也能交吗", "do you accept cards"}) {
            assertEquals(1, WaysToPay.answering(q, RATES_FIRST), q);
        }
        // a channel named without paying, or a phone handed in, is no such question
        assertEquals(0, WaysToPay.answering("微信公众号叫什么名字", RATES_FIRST));
        assertEquals(0, WaysToPay.answering("捡到一部手机交给谁", RATES_FIRST));
        // a payment made through a channel that went wrong is a problem, not a question of ways
        for (String q : new String[]{"微信交过了怎么还显示欠着", "支付宝缴了两回能退款吗", "I paid by card but was charged twice",
                "网上交友被骗了找谁", "app上交作业"}) {
            assertEquals(0, WaysToPay.answering(q, RATES_FIRST), q);
        }
    }

    @Test
    void theRateAskedOrAnArticleNamingTheWaysKeepsTheRanking() {
        assertEquals(0, WaysToPay.answering("住宅管理费单价是几块", RATES_FIRST), "the rate is asked");
        List<Hit> waysFirst = List.of(RATES_FIRST.get(1), RATES_FIRST.get(0));
        assertEquals(0, WaysToPay.answering("物业费怎么交", waysFirst));
        List<Hit> noWays = List.of(RATES_FIRST.get(0), RATES_FIRST.get(2));
        assertEquals(0, WaysToPay.answering("物业费怎么交", noWays), "no article names a way to pay");
    }
}
