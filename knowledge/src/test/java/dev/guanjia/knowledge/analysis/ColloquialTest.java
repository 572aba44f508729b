package dev.guanjia.knowledge.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColloquialTest {

    private final Colloquial bundled = Colloquial.bundled();

    @Test
    void dialectWordsBecomeMandarin() {
        assertEquals("车位费怎么交", bundled.standardize("车位费咋个交"));
        assertEquals("装修要交的押金多少钱", bundled.standardize("装修要交的押金几多钱"));
        assertEquals("你家里停水了吗", bundled.standardize("侬屋头停水了吗"));
        assertEquals("门卡丢了怎么办", bundled.standardize("门卡丢了咋整"));
        assertEquals("访客停车要多久收费", bundled.standardize("访客泊车要几耐收费"));
        assertEquals("现在装修要不要报备", bundled.standardize("而家装修要唔要报备"));
        assertEquals("什么时候收垃圾有吗", bundled.standardize("啥辰光收垃圾有伐"));
        assertEquals("电梯怎么又坏了", bundled.standardize("电梯啷个又坏了"));
        // Mandarin that only looks like a dialect word stays as it is
        assertEquals("交费要先得到批准", bundled.standardize("交费要先得到批准"));
    }

    @Test
    void hubeiSpeechIsReadAsMandarinAndTheMandarinWordsWithItsCharacterStayWhole() {
        assertEquals("年审要带什么东西", bundled.standardize("年审要带么东西"));
        assertEquals("办出入证要带什么证件", bundled.standardize("办出入证要带么斯证件"));
        assertEquals("热水为什么不热", bundled.standardize("热水为么斯不热"));
        assertEquals("什么样的车能进 怎么办", bundled.standardize("什么样的车能进 怎么办"));
    }

    @Test
    void everydayWordsForDaysPricesAndThingsBecomeTheWordsRulesUse() {
        assertEquals("星期天能不能刷墙", bundled.standardize("礼拜天能不能刷墙"));
        assertEquals("去做礼拜", bundled.standardize("去做礼拜"));
        assertEquals("洗车多少钱一次", bundled.standardize("洗车几钿一次"));
        assertEquals("楼顶可不可以吸烟", bundled.standardize("楼顶可不可以食烟"));
        assertEquals("隔壁好吵", bundled.standardize("隔壁好嘈"));
        assertEquals("环境嘈杂", bundled.standardize("环境嘈杂"));
    }

    @Test
    void wordsOfMoreRegionsBecomeMandarinAndTheMandarinWordsHoldingThemStay() {
        assertEquals("停车场在哪里", bundled.standardize("停车场在哪儿"));
        assertEquals("昨天下午停电了", bundled.standardize("夜来过晌停电了"));
        assertEquals("交钱去哪里", bundled.standardize("交钱克哪点"));
        assertEquals("什么时候收物业费", bundled.standardize("甚时候收物业费"));
        assertEquals("家里的灯坏了", bundled.standardize("屋里的灯瞎了"));
        assertEquals("明天上午有没有人", bundled.standardize("明朝上半天阿有人"));
        assertEquals("邻居装修好吵", bundled.standardize("厝边装修好嘈"));
        assertEquals("物业费还没交", bundled.standardize("物业费仲未交"));
        // typos of the same sound read as the word meant
        assertEquals("物业费怎么交", bundled.standardize("物叶费怎么交"));
        assertEquals("小区有充电桩吗", bundled.standardize("小区有冲电桩吗"));
        // Mandarin words holding a regional character are read as they are
        assertEquals("甚至要克服困难", bundled.standardize("甚至要克服困难"));
        assertEquals("需要得到批准", bundled.standardize("需要得到批准"));
        assertEquals("会使用电火花的工具要砍伐树木", bundled.standardize("会使用电火花的工具要砍伐树木"));
        assertEquals("这儿童游乐区", bundled.standardize("这儿童游乐区"));
        assertEquals("劳动仲裁", bundled.standardize("劳动仲裁"));
        for (String kept : new String[]{"保安怎么联系", "小区治安怎样", "申请表格里要填什么", "你们那边处理了没有", "坐地上半天起不来",
                "楼下半天没人应", "半夜来水了吗", "物业费是月底时交吗", "家里用电火锅跳闸了", "取暖器能用吗", "树木有虫",
                "为什么要克扣押金", "骂骂咧咧的", "阮经理的电话", "欺人太甚", "他那儿子", "运输通道", "老公单位", "购物页面"}) {
            assertEquals(kept, bundled.standardize(kept), kept);
        }
    }

    @Test
    void longerRulesWinAndPlainMandarinIsLeftAlone() {
        // 咋个 is one rule, not 咋 + 个
        assertEquals("怎么报修", bundled.standardize("咋个报修"));
        String plain = "物业服务费每平方米多少钱？";
        assertEquals(plain, bundled.standardize(plain));
    }

    @Test
    void operatorsFileIsReadAndBadLinesAreNamed() {
        Colloquial mine = Colloquial.parse("# mine\n嘎哈 => 干什么\n\n整 => 弄\n");
        assertEquals(2, mine.size());
        assertEquals("干什么呢", mine.standardize("嘎哈呢"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Colloquial.parse("咋个 怎么"));
        assertTrue(e.getMessage().contains("咋个 怎么"), e.getMessage());
    }

    @Test
    void englishQuestionsGainTheChineseWordsTheyMean() {
        Colloquial bundled = Colloquial.bundled();
        String q = bundled.standardize("How much is the property fee for a parking space?");
        assertTrue(q.startsWith("How much") && q.contains("物业费") && q.contains("车位"), q);
        assertEquals("wuye fei duoshao qian", bundled.standardize("wuye fei duoshao qian"), "pinyin is left alone");
    }

    /**
     * An English question's terms, each with its Chinese words as alternatives, are what an article must
     * cover; a word the glossary does not know and that names the topic stays a term no Chinese article
     * holds, and the words every question uses are no term.
     */
    @Test
    void anEnglishQuestionIsCoveredByItsTermsChineseWords() {
        Colloquial bundled = Colloquial.bundled();
        List<List<String>> fee = bundled.glosses("How much is the property fee for a parking space?");
        assertTrue(fee.stream().anyMatch(g -> g.contains("物业费")) && fee.stream().anyMatch(g -> g.contains("车位")), fee.toString());
        assertTrue(fee.stream().flatMap(List::stream).noneMatch(w -> w.matches("[a-z]+")), fee.toString());
        List<List<String>> canoe = bundled.glosses("Can I rent a canoe on the lake?");
        assertTrue(canoe.contains(List.of("canoe")) && canoe.stream().noneMatch(g -> g.contains("can")), canoe.toString());
        assertEquals(List.of(), bundled.glosses("物业费怎么交"));
        assertEquals(List.of(), bundled.glosses("wuye fei duoshao qian"));
    }

    @Test
    void englishQuestionsOfShopTenantsAndResidentsAwayGainTheirChineseWords() {
        Colloquial bundled = Colloquial.bundled();
        String shop = bundled.standardize("Can our bakery shop get deliveries at night?");
        assertTrue(shop.contains("商铺") && shop.contains("夜间") && shop.contains("装卸"), shop);
        String away = bundled.standardize("We go abroad in spring, can someone do a house check?");
        assertTrue(away.contains("外出") && away.contains("看房"), away);
        String fee = bundled.standardize("What is the cleaning rate per square metre?");
        assertTrue(fee.contains("每平方米") && fee.contains("收费标准"), fee);
    }

    @Test
    void everydayVerbsOfTheOfficeHoursRenovationAndRubbishGainTheirChineseWords() {
        Colloquial bundled = Colloquial.bundled();
        String hours = bundled.standardize("What time does the office close on weekends?");
        assertTrue(hours.contains("服务中心") && hours.contains("下班") && hours.contains("周末"), hours);
        String works = bundled.standardize("Can I renovate my flat in winter?");
        assertTrue(works.contains("装修") && works.contains("住宅") && works.contains("冬季"), works);
        String rubbish = bundled.standardize("Where do I throw away old furniture? It was never collected");
        assertTrue(rubbish.contains("大件垃圾") && rubbish.contains("清运"), rubbish);
        String ebike = bundled.standardize("Where can I charge my e-bike?");
        assertTrue(ebike.contains("充电") && !ebike.contains("收费"), ebike);
    }
}
