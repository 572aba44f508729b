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
    void aLaterListItemThatScoresBestLeadsAfterTheListsIntroductionAndTheLongItemsAboveItAreLeftOut() {
        List<String> q = quote(new String[] {"补办门卡的办理流程如下：", "1. 带身份证和房产证复印件到服务中心前台，填写补办申请表，登记原门卡编号后办理挂失。",
                        "2. 缴纳工本费20元。", "3. 三个工作日内领取。"},
                new double[] {0.1, 0.4, 0.9, 0.5}, 4);
        assertEquals(List.of("补办门卡的办理流程如下：", "2. 缴纳工本费20元。", "3. 三个工作日内领取。"), q,
                "never \"2. … 1.\": the quote starts at the item asked for, numbering and order kept");
    }

    @Test
    void shortItemsAboveTheOneAskedForAreReadFirstInTheirOrder() {
        List<String> q = quote(new String[] {"补办门卡的办理流程如下：", "1. 带身份证到前台登记。", "2. 缴纳工本费20元。",
                        "3. 三个工作日内领取。", "门卡丢失请及时挂失。"},
                new double[] {0.1, 0.5, 0.9, 0.2, 0.4}, 4);
        assertEquals(List.of("1. 带身份证到前台登记。", "2. 缴纳工本费20元。", "3. 三个工作日内领取。", "门卡丢失请及时挂失。"), q,
                "the list in the article's order");
    }

    @Test
    void aLongIntroductionLendsOnlyItsLastClause() {
        List<String> q = quote(new String[] {"物业费、停车费和代收的暖气费，可以用下面几种方式交：", "1. 公众号：点底部菜单生活缴费，绑定房号后用微信支付。", "2. 前台：每天8:00—17:30，可刷卡、扫码或交现金。",
                        "3. 银行代扣，每季度首月10日扣款。", "4. 老人可预约上门收费。", "水电燃气费不在物业交。"},
                new double[] {0.2, 0.6, 0.5, 0.4, 0.9, 0.7}, 4);
        assertEquals(List.of("可以用下面几种方式交：", "4. 老人可预约上门收费。", "水电燃气费不在物业交。"), q);
    }

    @Test
    void noLeadInWhenThePieceAboveTheListDoesNotIntroduceIt() {
        List<String> q = quote(new String[] {"为防止财物被冒领，小区对搬家实行登记放行。", "1. 至少提前一天到服务中心前台，或在公众号里登记搬家的日期、大概时间和搬家公司的车牌号。",
                        "2. 搬家时间为8:00-20:00。"},
                new double[] {0.3, 0.2, 0.9}, 3);
        assertEquals(List.of("2. 搬家时间为8:00-20:00。", "为防止财物被冒领，小区对搬家实行登记放行。"), q);
    }

    @Test
    void markdownEmphasisIsTakenOut() {
        List<String> q = quote(new String[] {"**缴费方式：** 公众号或前台。", "1. **前台**：每天8:00—17:30。"},
                new double[] {0.9, 0.1}, 2);
        assertEquals(List.of("缴费方式： 公众号或前台。", "1. 前台：每天8:00—17:30。"), q);
    }

    @Test
    void aQuestionAndAnswerArticleAnswersWithTheOnePairsAnswer() {
        List<String> q = quote(new String[] {"问：空房能少交物业费吗？", "答：不能减免，照常收取。", "问：一次交一年有优惠吗？",
                        "答：**有**，按九五折收取。", "电梯费不打折。"},
                new double[] {0.3, 0.4, 0.5, 0.9, 0.6}, 4);
        assertEquals(List.of("有，按九五折收取。", "电梯费不打折。"), q, "no 问：, no other pair's answer");
    }

    @Test
    void theFirstItemOfASecondListStillLeads() {
        List<String> q = quote(new String[] {"1. 结清物业费。", "2. 申请费用结清单。", "1. 带产权证办理业主变更。", "2. 领取新门禁卡。"},
                new double[] {0.5, 0.4, 0.9, 0.3}, 4);
        assertEquals(List.of("1. 带产权证办理业主变更。", "2. 领取新门禁卡。", "1. 结清物业费。", "2. 申请费用结清单。"), q,
                "each list's items together in its own order, never \"1. … 1. … 2. … 2.\"");
    }

    @Test
    void theBestPieceLeadsWhenItIsNotALaterListItem() {
        List<String> q = quote(new String[] {"服务中心每天8:00-18:00办公。", "物业费按季度收取。", "3.5元/平方米·月，含公共照明。"},
                new double[] {0.2, 0.3, 0.9}, 3);
        assertEquals("3.5元/平方米·月，含公共照明。", q.get(0), "a price is not a list item: the fact asked for leads");
        assertEquals(List.of("物业费按季度收取。", "服务中心每天8:00-18:00办公。"), q.subList(1, 3),
                "the runner-up next: it answers more often than what stands above it in the article");
    }

    @Test
    void aHowToQuestionGetsTheStepsFromTheFirst() {
        String[] texts = {"被困电梯时请按下面做：", "1. 按下轿厢内的警铃或对讲按钮，直接接通二十四小时有人值守的监控室。",
                "2. 拨打值班电话，说清楚是几单元、哪一部电梯。", "3. 不要扒门，耐心等待救援。"};
        double[] scores = {0.1, 0.6, 0.9, 0.5};
        List<PassageCandidate> pieces = new ArrayList<>();
        List<Passage> scored = new ArrayList<>();
        int step = PassageCandidate.FEATURES.indexOf("step");
        for (int i = 0; i < texts.length; i++) {
            double[] features = new double[PassageCandidate.FEATURES.size()];
            features[step] = i > 0 ? 1 : 0;
            pieces.add(new PassageCandidate("doc", "标题", texts[i], features));
            scored.add(new Passage("doc", "标题", texts[i], scores[i]));
        }
        List<String> q = Quote.of(pieces, scored, 4).stream().map(Passage::text).toList();
        assertEquals(List.of(texts[0], texts[1], texts[2], texts[3]), q, "1. 2. 3. in order, however long step 1 is");
    }

    @Test
    void theOthersFollowByTheirScoreWithTheListItemsTogetherInTheirOrder() {
        String[] items = {"1. 投币使用，每次4元，洗衣机上的投币口只收一元硬币，前台可以兑换零钱，也可以用手机扫码支付，扫码的不找零。",
                "2. 烘干每次3元，烘干机每次运行四十分钟，衣物较厚的可以再投币续时，请勿烘干羽绒制品和带金属扣的衣物。",
                "3. 每晚22:00关门，关门前半小时停止投币，未取走的衣物由保洁放到门口的失物架上保管，第二天到前台领取。"};
        List<String> q = quote(new String[] {"洗衣房在地下一层。", items[0], items[1], items[2], "洗衣液请自带。", "洗衣房由物业保洁负责清洁。"},
                new double[] {0.9, 0.3, 0.5, 0.2, 0.7, 0.1}, 5);
        assertEquals(List.of("洗衣房在地下一层。", "洗衣液请自带。", items[0], items[1], items[2]), q,
                "the runner-up right after the best; the list as one, \"1. 2. 3.\", where its best item would stand");
    }

    @Test
    void aFurtherSentenceOfAQuotedLineFollowsThatLine() {
        String[] texts = {"季度物业费 = 面积 × 单价 × 3。", "例如A座一套建筑面积88平方米的房子，每季度应交88 × 2.60 × 3 = 686.40元；",
                "B座一套60平方米的房子，每季度应交60 × 2.10 × 3 = 378元。", "物业费按季度交。"};
        boolean[] continues = {false, false, true, false};
        double[] scores = {0.9, 0.5, 0.6, 0.2};
        List<PassageCandidate> pieces = new ArrayList<>();
        List<Passage> scored = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            pieces.add(new PassageCandidate("doc", "标题", texts[i], new double[0], 0, continues[i]));
            scored.add(new Passage("doc", "标题", texts[i], scores[i]));
        }
        assertEquals(List.of(texts[0], texts[1], texts[2]), Quote.of(pieces, scored, 3).stream().map(Passage::text).toList(),
                "\"B座…\" goes on the example's line: after it, though it scored higher");
    }

    @Test
    void aShortListQuotedIsReadWholeAsOnePassageAndTheRoomItLeavesGoesToTheNextPiece() {
        List<String> q = quote(new String[] {"办理出租登记请带齐材料：", "1. 房屋租赁合同；", "2. 业主身份证；", "3. 租户身份证；",
                        "4. 同住人名单。", "登记免费，当场办结。", "租户退租时请到前台注销。", "出租登记在服务中心前台办理。"},
                new double[] {0.3, 0.5, 0.2, 0.6, 0.55, 0.4, 0.1, 0.9}, 4);
        assertEquals(List.of("出租登记在服务中心前台办理。", "1. 房屋租赁合同；\n2. 业主身份证；\n3. 租户身份证；\n4. 同住人名单。",
                "登记免费，当场办结。", "办理出租登记请带齐材料："), q,
                "never \"1. 3. 4.\": the list whole, counted once, and the next pieces by score in the room left");
    }

    @Test
    void aLongListOrTheListOfTheBestPieceIsQuotedItemByItem() {
        String[] texts = {"1. 先到服务中心前台领取装修申请表，按表格要求填写业主、装修公司和施工负责人的全部信息，并由业主本人签字确认。",
                "2. 提交施工图纸和水电改造图，物业工程部在三个工作日内审核完毕，审核意见以书面形式告知业主和装修公司。",
                "3. 缴纳装修押金两千元和装修垃圾清运费，领取施工许可证和施工人员出入证后张贴在入户门上，方可开工。",
                "装修时间为工作日8:00-18:00。"};
        assertEquals(List.of(texts[3], texts[0], texts[2]), quote(texts, new double[] {0.5, 0.2, 0.4, 0.9}, 3),
                "items this long are read one by one");
        String[] shortList = {"1. 带身份证；", "2. 带房产证；", "3. 带照片。", "办理地点：前台。"};
        assertEquals(List.of("1. 带身份证；", "2. 带房产证；", "办理地点：前台。"), quote(shortList, new double[] {0.5, 0.9, 0.1, 0.3}, 3),
                "the list of the piece asked for is not folded into one passage: that piece is quoted as itself");
    }

    @Test
    void aWorkedExampleFollowsTheStatementItIllustrates() {
        List<String> q = quote(new String[] {"住宅物业费3.80元/平方米/月，按季度缴交。", "商铺物业费6.50元/平方米/月。",
                        "举个例子：95平方米的住宅，每季度为95 × 3.80 × 3 = 1083元。"},
                new double[] {0.5, 0.3, 0.9}, 3);
        assertEquals(List.of("住宅物业费3.80元/平方米/月，按季度缴交。", "举个例子：95平方米的住宅，每季度为95 × 3.80 × 3 = 1083元。",
                "商铺物业费6.50元/平方米/月。"), q);
    }

    @Test
    void thePairIsTheOneWhoseQuestionAndAnswerMeanWhatIsAsked() {
        // the answer of the second pair has the figure the fitted score likes; the first pair is what was asked
        String[] texts = {"问：游泳池几点开门？", "答：每天10:00—21:00开放，周一上午换水。", "问：泳池能带小孩去吗？",
                "答：儿童须由家长陪同，20:00以后不接待儿童。"};
        double[] meaning = {0.82, 0.61, 0.55, 0.48};
        double[] scores = {0.2, 0.7, 0.1, 0.9};
        List<PassageCandidate> pieces = new ArrayList<>();
        List<Passage> scored = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            double[] f = new double[PassageCandidate.FEATURES.size()];
            f[PassageCandidate.FEATURES.indexOf("meaning")] = meaning[i];
            pieces.add(new PassageCandidate("doc", "标题", texts[i], f));
            scored.add(new Passage("doc", "标题", texts[i], scores[i]));
        }
        assertEquals(List.of("每天10:00—21:00开放，周一上午换水。"),
                Quote.of(pieces, scored, 4).stream().map(Passage::text).toList());
    }

    @Test
    void ofTwoPairsThatMeanTheQuestionAlikeTheOneAnsweringWithTheFigureAskedForIsQuoted() {
        // "羽毛球馆几点关门": both pairs are about the hall; only the second answers with a time
        String[] texts = {"问：羽毛球馆在哪？", "答：在东区会所三楼。", "问：羽毛球馆什么时候开？", "答：每天9:00-21:30开放。"};
        double[] meaning = {0.66, 0.58, 0.62, 0.57};
        double[] kind = {0, 0, 0, 1};
        List<PassageCandidate> pieces = new ArrayList<>();
        List<Passage> scored = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            double[] f = new double[PassageCandidate.FEATURES.size()];
            f[PassageCandidate.FEATURES.indexOf("meaning")] = meaning[i];
            f[PassageCandidate.FEATURES.indexOf("figure_kind")] = kind[i];
            pieces.add(new PassageCandidate("doc", "标题", texts[i], f));
            scored.add(new Passage("doc", "标题", texts[i], 0.5));
        }
        assertEquals(List.of("每天9:00-21:30开放。"), Quote.of(pieces, scored, 4).stream().map(Passage::text).toList());
    }

    @Test
    void aLongItemAboveScoredNextToTheBestComesAlongInTheArticlesOrder() {
        List<String> q = quote(new String[] {"借用会议室按以下办理：", "1. 至少提前两天在公众号“场地预约”里登记用途、人数和使用时段。",
                        "2. 押金按场地大小收取，退场检查后原路退还。", "3. 使用时间为每天9:00-21:00。", "4. 用完把桌椅复位。"},
                new double[] {0.1, 0.8, 0.3, 0.9, 0.5}, 4);
        assertEquals(List.of("借用会议室按以下办理：", "1. 至少提前两天在公众号“场地预约”里登记用途、人数和使用时段。",
                "3. 使用时间为每天9:00-21:00。", "4. 用完把桌椅复位。"), q,
                "the score cannot tell items 1 and 3 apart: both are quoted, in order; the other long item above is not");
    }

    @Test
    void aQuotedSentenceBringsTheRestOfItsLineWhenThatIsNotQuoted() {
        String[] texts = {"洗车服务每周六上午在地库B1。", "2. 会所前台可以刷卡、扫码。", "前台不收现金。", "3. 网上缴费当天到账。"};
        boolean[] continues = {false, false, true, false};
        List<PassageCandidate> pieces = new ArrayList<>();
        List<Passage> scored = new ArrayList<>();
        double[] scores = {0.1, 0.9, 0.05, 0.4};
        for (int i = 0; i < texts.length; i++) {
            pieces.add(new PassageCandidate("doc", "标题", texts[i], new double[0], 0, continues[i]));
            scored.add(new Passage("doc", "标题", texts[i], scores[i]));
        }
        assertEquals(List.of("2. 会所前台可以刷卡、扫码。前台不收现金。", "3. 网上缴费当天到账。"),
                Quote.of(pieces, scored, 2).stream().map(Passage::text).toList(),
                "the item's second sentence holds its exception; one passage, as written");
    }

    @Test
    void aLineTooLongToReadAtAGlanceIsNotJoined() {
        String first = "1. 装修垃圾须装袋后运到指定的临时堆放点，由物业统一清运，清运费按户收取，每户每次装修收一次。";
        String rest = "堆放点在地库出入口东侧的围挡内，开放时间为每天8:00-18:00，其他时间请勿堆放。";
        List<PassageCandidate> pieces = List.of(new PassageCandidate("doc", "标题", first, new double[0], 0, false),
                new PassageCandidate("doc", "标题", rest, new double[0], 0, true));
        List<Passage> scored = List.of(new Passage("doc", "标题", first, 0.9), new Passage("doc", "标题", rest, 0.1));
        assertEquals(List.of(first), Quote.of(pieces, scored, 1).stream().map(Passage::text).toList());
    }

    @Test
    void itemsOfTwoListsAreReadListByListEachAfterItsOwnIntroduction() {
        List<String> q = quote(new String[] {"办理装修申请需要带：", "1. 业主身份证复印件；", "2. 装修图纸；", "3. 施工队营业执照复印件。",
                        "办理流程：", "1. 到服务中心提交材料；", "2. 三个工作日内审批。"},
                new double[] {0.3, 0.9, 0.1, 0.6, 0.4, 0.7, 0.2}, 5);
        assertEquals(List.of("办理装修申请需要带：", "1. 业主身份证复印件；\n2. 装修图纸；\n3. 施工队营业执照复印件。", "办理流程：",
                        "1. 到服务中心提交材料；"), q,
                "the materials without a hole, then the steps after their own introduction: " + q);
    }

    @Test
    void aLongItemLeftOutBetweenTwoQuotedOnesStaysOut() {
        List<String> q = quote(new String[] {"1. 带身份证到前台。", "2. 填写申请表，写明房号、联系电话、施工单位、施工人员名单、施工时间和施工内容，并由施工单位盖章确认后一并交回前台审核。",
                        "3. 三个工作日内领证。"},
                new double[] {0.9, 0.1, 0.6}, 2);
        assertEquals(List.of("1. 带身份证到前台。", "3. 三个工作日内领证。"), q);
    }

    @Test
    void anotherListQuotedFromItsMiddleReadsFromItsShortFirstItem() {
        List<String> q = quote(new String[] {"租房要登记，租户入住前到服务中心办理。", "1. 租赁合同复印件；", "2. 双方身份证；", "3. 同住人照片。",
                        "4. 同住人中有境外人员的，还须带护照原件和有效签证，由服务中心协助到派出所办理境外人员临时住宿登记。"},
                new double[] {0.9, 0.1, 0.5, 0.4, 0.2}, 3);
        assertEquals(List.of("租房要登记，租户入住前到服务中心办理。", "1. 租赁合同复印件；\n2. 双方身份证；\n3. 同住人照片。"), q);
    }

    @Test
    void theListAskedAboutStillLeadsWithTheItemAsked() {
        List<String> q = quote(new String[] {"1. 至少提前两天在公众号里登记用途和人数。", "2. 押金按场地大小收取。", "3. 使用时间为每天9:00-21:00。",
                        "4. 用完把桌椅复位。", "5. 损坏设施照价赔偿，由管理处按实际维修费用从押金中扣除，不足部分另行补缴。"},
                new double[] {0.2, 0.1, 0.9, 0.3, 0.6}, 2);
        assertEquals(List.of("3. 使用时间为每天9:00-21:00。\n4. 用完把桌椅复位。\n5. 损坏设施照价赔偿，由管理处按实际维修费用从押金中扣除，不足部分另行补缴。"), q,
                "the hole after the item asked is filled, the items above it stay out: " + q);
    }

    @Test
    void aHeadingIsQuotedOnlyBeforeWhatItHeads() {
        List<String> q = quote(new String[] {"【卖方】", "1. 结清物业费；", "2. 申请费用结清单，一个工作日出具。", "【买方】",
                        "1. 带产权证办理业主变更。"},
                new double[] {0.7, 0.2, 0.9, 0.8, 0.1}, 3);
        assertEquals(List.of("2. 申请费用结清单，一个工作日出具。"), q.subList(0, 1));
        assertEquals(false, q.contains("【买方】"), "a heading alone says nothing: " + q);
    }

    @Test
    void itemsOfTwoListsUnderHeadingsEachComeAfterTheirOwnHeading() {
        List<String> q = quote(new String[] {"【卖方】", "1. 结清物业费；", "2. 申请费用结清单，一个工作日出具。", "【买方】",
                        "1. 带产权证办理业主变更。", "2. 领取门禁卡。"},
                new double[] {0.1, 0.2, 0.9, 0.1, 0.8, 0.3}, 2);
        assertEquals(List.of("【卖方】", "2. 申请费用结清单，一个工作日出具。", "【买方】", "1. 带产权证办理业主变更。"), q,
                "each list's \"1.\" says whose it is: " + q);
    }
}
