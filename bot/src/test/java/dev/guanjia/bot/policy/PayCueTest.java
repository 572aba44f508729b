package dev.guanjia.bot.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wanting to pay now, in many wordings, against asking how, whether or how much (our own phrasings). */
class PayCueTest {

    @ParameterizedTest
    @ValueSource(strings = {"交物业费", "我要缴费", "帮我把物业费交了", "pay my bills", "缴费", "在线缴费",
            "物业费交一下", "我想把这个季度的停车费交掉", "帮我交一下管理费", "现在就交物业费", "给我把水费电费都缴了",
            "我想交物业费，怎么交？", "能帮我把物业费交了吗", "同我交埋啲管理费啦", "我想畀钱", "我想交管理費",
            "补交一下去年的物业费", "只交停车费", "一次性把欠的钱都交了", "I want to pay my property fee",
            "I'd like to settle my bill", "can I pay now", "let me pay the parking fee", "wo yao jiao fei",
            "付款", "把501的物业费结清", "交下这个月嘅管理费", "我想把车位费结了", "帮我缴一下本季度的管理费",
            "物业费我现在就交", "马上缴费", "我要在线支付物业费", "交埋佢啦，管理费", "I need to pay the management fee",
            "pay the outstanding balance please", "settle my arrears", "帮我把欠的钱都交掉",
            "我要交管理费，嗯，交多少钱啊", "欠多少就交多少，帮我弄一下", "ok send me the payment, I'll clear everything today",
            "Could I pay the parking fee for this quarter through this chat?",
            "How much do I owe? I want to pay it all now", "what's my balance? I'd like to settle it",
            "两个车位一共差多少 一并缴掉算了", "我想一次交清全年物业费", "想一次缴清今年的车位费",
            // paying for a parent, said as a statement
            "我替我爸交物业费", "我帮我妈把管理费交了", "我帮我妈交下物业费，多少钱",
            // a decision, a request beside a wish: still paying
            "物业费还是微信付吧", "我们也要交一下物业费", "物业费交一下，要是能微信付最好",
            // 咯 for 了 (西南, 中原)
            "帮我妈把这个月的管理费交咯",
            // all of it settled at once, right after the bills, no fee named
            "上个月连这个月的，一起结了吧",
            // "do it" said on its own beside the money owed
            "车位费还欠着吧 算算多少 给我整了", "水费欠了几个月了，那就帮我办了吧",
            // Cantonese "here" (喺度)
            "管理费直接喺度交得唔得"})
    void wantsToPay(String text) {
        assertTrue(Cues.wantsToPay(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"物业费怎么交", "物业费在哪里交", "可以用微信交物业费吗", "物业费交了没", "我交了物业费了",
            "我上个月已经交过物业费", "我还要交多少钱", "物业费多少钱一平米", "交物业费有什么方式", "为什么要交公摊费",
            "不交物业费会怎么样", "我想问一下物业费怎么交", "How do I pay my bills?", "Where can I pay the parking fee",
            "Did I pay last month?", "交房的时候要带什么", "提交报修", "点样交管理费", "物业费每平方多少",
            "我要投诉", "水管漏了", "物业费交到几月了", "can I pay by Alipay?", "有没有交物业费的发票",
            "我是不是该交物业费了", "物业费交了吗", "物业费交到哪里", "为啥要交这么多物业费", "交物业费可以开发票吗",
            "How much do I owe?", "Have I paid the parking fee?", "我已经交过了怎么还显示欠费", "上个月的电费付了没",
            "帮我查一下缴费情况", "看看我的物业费账单", "查查停车费交到哪个月", "check my parking fee payments",
            "煤气费不归物业收那上哪交去", "公司交物业费转账打到哪个账户", "对公转账缴费的账号是多少",
            "How much do I owe? I'll pay later this month", "How much do I owe? I want to pay it when I'm back",
            "我上个月一起交了的", "上个月的是一起交了吧？", "上次来前台是一并交了吧，怎么还显示欠",
            // how often it is paid is the rule, not a wish to pay
            "垃圾费几个月交一回啊", "车位管理费一年缴几次", "水费两个月一交对吧", "暖气费是一次交清还是分几次交",
            // who pays, either-or, what if, whether one too must: the rule asked about, whoever is paying
            "我替我爸缴管理费 他要本人到场么", "我帮我妈交物业费，她得自己来一趟吗", "合租的话物业费到底算谁的",
            "车位费该我缴还是房东缴", "开理发店的也要交垃圾清运费啊", "房子要是卖了 欠的物业费谁交",
            "weixin shang zenme jiao guanlifei", "物业费业主还是租客交", "如果晚交物业费有滞纳金",
            "我帮我妈交物业费的话，需要她的身份证吗",
            // a charge disputed, a repair asked beside money
            "物业费是不是算错了，给我弄一下", "电费多扣了一百，帮我办了吧",
            // whether it was paid, looked up
            "租客话佢交咗物业费 你帮我查下系唔系真系交咗",
            // a job or a paper wanted beside the money
            "马桶漏水，换个阀门多少钱，帮我弄一下", "车位费的发票还没开，帮我弄一下"})
    void doesNotWantToPayNow(String text) {
        assertFalse(Cues.wantsToPay(text), text);
    }

    /** Right after the bills were shown: the total asked beside paying all of it is the payment's own. */
    @ParameterizedTest
    @ValueSource(strings = {"那……都交了吧，一共多少", "一起缴掉吧 总共几多", "付了吧", "逾期那笔先交了，剩下的下个月再说",
            "能一次交清吗", "那就全部交清不拖了", "两个月的都一起缴了 在哪缴"})
    void paysTheBillsShownWithTheTotalAsked(String text) {
        assertTrue(Cues.paysWhatWasShown(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"那我家这个季度要交多少", "交多少来着", "明细发我看看", "好的 以后再付", "物业费 下个月再交",
            // someone going to pay at the office, its hours asked
            "那我让我儿子明天过去交，你们几点开门啊", "我下午到物业交现金行吗",
            // presumed, not decided: "都交了吧" said of the past
            "去年的物业费我都交了吧 怎么还显示欠费",
            // paying in person: where, not a link
            "我唔识喺手机度俾钱 可以去边度交", "手机上我不会弄，到哪儿交现金", "都交了吧 可以去哪里交现金", "都交了吧 在哪交现金",
            // whether another fee was paid: its bill, not a payment
            "那车位费呢 车位费交上了吗", "垃圾费缴清了没",
            // whether it may be paid in parts: a rule asked
            "一下子拿不出这老些钱 能不能分几回交啊", "可以分两次付吗"})
    void asksAboutTheBillsShownBeforePaying(String text) {
        assertFalse(Cues.paysWhatWasShown(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"please clear it all up, the corridor is full of rubbish", "clear all of it please the hallway is a mess"})
    void clearingUpIsNoPayment(String text) {
        assertFalse(Cues.wantsToPay(text), text);
    }

    /** How or where to pay, or whether a way is taken: a known resident who owes is offered the payment beside the ways. */
    @ParameterizedTest
    @ValueSource(strings = {"管理费在哪儿交啊", "这个季度的停车费咋个交", "有什么交费的渠道", "你们有哪几种交钱的办法",
            "拿银行卡去前台刷卡交行不", "支持用云闪付吗", "收不收现金", "How can I pay the service charge?",
            "Could I use WeChat to pay?", "what payment options are there"})
    void asksWaysToPay(String text) {
        assertTrue(Cues.asksWaysToPay(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"管理费怎么还要交这么多", "物业费几号之前交", "车位费该房东交还是我交", "物业费多少钱一平",
            "我用微信交过了", "咋又让交电梯费", "How much is the service charge?", "交了的发票怎么开",
            // a payment gone wrong, something handed in, a handover
            "我明明交了，怎么显示没交", "物业费怎么交了两次", "我微信交了没到账", "租客搬走了，钥匙在哪交",
            "装修申请表在哪里交", "二手房过户 物业这边怎么交接"})
    void asksSomethingElseOfPaying(String text) {
        assertFalse(Cues.asksWaysToPay(text), text);
    }
}
