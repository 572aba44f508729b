package dev.guanjia.ticketing.classify;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.ticketing.workorder.Priority;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierTest {

    private final Classifier classifier = new Classifier();

    private void is(String text, ServiceCategory category, Priority priority) {
        Classification c = classifier.classify(text);
        assertEquals(category, c.category(), text);
        assertEquals(priority, c.priority(), text);
    }

    /** Where one trade ends and another begins, in the estate's shared places (our own wordings). */
    @Test
    void sharedPlacesByWhatIsWrongWithThem() {
        // a barrier arm is the car park's, whatever the cars behind do
        is("北门道闸抬杆儿不灵了 刷了卡杆子纹丝不动 后面的车直按喇叭", ServiceCategory.PARKING, Priority.NORMAL);
        is("最近总有生脸儿的人跟着别人溜进单元门", ServiceCategory.SECURITY, Priority.NORMAL);
        is("a guy keeps trying the doors of our building at night, can security check", ServiceCategory.SECURITY, Priority.NORMAL);
        is("the lobby walls are plastered with little ads, please clean it up", ServiceCategory.CLEANING, Priority.NORMAL);
        is("some guy parked in my space again", ServiceCategory.PARKING, Priority.NORMAL);
    }

    @Test
    void categoriesAndPriorities() {
        is("卫生间水龙头滴水", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("家里漏水，楼下都渗了", ServiceCategory.PLUMBING, Priority.HIGH);
        // a lamp inside a building is the electrician's wherever it hangs; one out in the grounds is a public
        // facility of the estate, a fire exit's emergency light too; wiring or a socket anywhere the electrician's
        is("楼道的灯不亮", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("车库里的灯坏了好几盏", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("3栋电梯厅那盏灯一闪一闪", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("东门那条路的路灯黑了一排", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("楼梯口的应急灯不亮了", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("花园里两盏草坪灯晚上不亮", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("草坪灯的电线露在外面", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("卧室顶灯按开关没反应", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("单元门禁刷卡没反应", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("楼上装修太吵", ServiceCategory.NOISE, Priority.NORMAL);
        is("有车挡住了我的车位", ServiceCategory.PARKING, Priority.NORMAL);
        is("建议小区多装几个路灯", ServiceCategory.SUGGESTION, Priority.LOW);
        is("你好", ServiceCategory.OTHER, Priority.NORMAL);
    }

    /**
     * A thing of one trade in its own bad state outweighs a word of another trade said beside it: the bench
     * broken in a garden, the oil on the floor by the lift, the barrier at the
     * garage (the car park's, not a door's), the drain at the roadside (not the road's parking).
     */
    @Test
    void theThingThatIsWrongSaysTheTrade() {
        Classifier c = new Classifier();
        String[][] cases = {
                {"3号楼的电题停在9楼不动了", "ELEVATOR"},
                {"小区南门行人道闸坏了，人进不去", "DOOR_ACCESS"},
                {"家里插座没电了，门铃也不响", "ELECTRICAL"},
                {"厨房抽油烟机油盒满了往下滴油", "ELECTRICAL"},
                {"花园里那张长椅一条腿折了", "PUBLIC_FACILITY"},
                {"地库出口的道闸杆抬不起来，车都堵住了", "PARKING"},
                {"车牌识别老是不认我的车，每次都要喊保安", "PARKING"},
                {"路边的雨水口堵死了，下雨水下不去", "PLUMBING"},
                {"后街那排商铺的卷帘门锁昨晚被人撬过", "SECURITY"},
                {"楼前那片草皮秃了好几块", "GREENING"},
                {"单元大堂扔得满地都是传单", "CLEANING"},
                {"电梯口地上一大摊机油，好滑", "CLEANING"},
                // the probe set AO (symptoms only, regional wording, English)
                {"三楼楼梯踏步上粘嗒嗒的，不晓得泼了啥", "CLEANING"},
                {"we found a dead rat by the bins behind block 2", "CLEANING"},
                {"坐电梯的时候楼层显示乱跳，到了也不对", "ELEVATOR"},
                {"门口那块草坪被踩得秃脱了", "GREENING"},
                {"the bushes by the gate have grown so much the path is half blocked", "GREENING"},
                {"水龙头都关了，水表还在转得飞快", "PLUMBING"},
                {"自行车棚顶上破了个洞，下雨就漏雨", "PUBLIC_FACILITY"},
                {"厕所的排气扇开了没动静", "ELECTRICAL"},
                {"楼下可视对讲按我家房号总是呼不通", "DOOR_ACCESS"},
                {"the entrance gate camera doesn't recognise my face since last week", "DOOR_ACCESS"},
        };
        for (String[] k : cases) {
            assertEquals(ServiceCategory.valueOf(k[1]), c.classify(k[0]).category(), k[0]);
        }
        // and what those words must not take from others (the review of AO's words)
        String[][] kept = {
                {"the bench downstairs is broken", "PUBLIC_FACILITY"},
                {"楼上洗衣机半夜一直转，吵得睡不着", "NOISE"},
        };
        for (String[] k : kept) {
            assertEquals(ServiceCategory.valueOf(k[1]), c.classify(k[0]).category(), k[0]);
        }
        for (String told : new String[] {"我一直转人工都转不过去", "账单上的楼层不对，我是12楼"}) {
            assertFalse(c.describesProblem(told), told);
        }
    }

    @Test
    void dangerWordsAreAlwaysEmergency() {
        is("厨房有很浓的煤气味", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("插座冒烟了", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        is("楼上往下漏水 顺到吊灯往下淌 墙上插座那里还在冒火花", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("卫生间顶上渗水 滴到灯罩里了", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("我妈被困电梯里了", ServiceCategory.ELEVATOR, Priority.EMERGENCY);
        // shut in with the lift's place said between, water running down to the meter box, a faint gas smell
        is("我老公关在3号楼电梯里面了 按铃没人理", ServiceCategory.ELEVATOR, Priority.EMERGENCY);
        is("楼上在往下淌水 流到墙上配电箱那里在淌", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("楼道里闻到一点天然气的味道", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("关在家里看电梯广告", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("楼下垃圾桶着火了", ServiceCategory.SECURITY, Priority.EMERGENCY);
        // smoke filling the stairwell and a home that caught fire, however it is put
        is("楼道里好大的烟 呛得慌 不知道谁家着了", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("楼上着了火 快来人", ServiceCategory.SECURITY, Priority.EMERGENCY);
        for (String calm : new String[]{"楼下饭店油烟好大 呛得慌", "燃气灶点着了火没两秒就灭了", "老人在家里着了凉",
                "上周家里着了贼 门锁被撬了", "隔壁天天在楼道抽烟 好大的烟味", "满楼道的烟头 谁扔的", "楼下烧烤摊好大的烟 熏得窗户都不敢开"}) {
            assertTrue(new Classifier().classify(calm).priority() != Priority.EMERGENCY, calm);
        }
        is("水管爆了家里水淹了", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("燃气开户要带哪些材料", ServiceCategory.PLUMBING, Priority.NORMAL);
    }

    @Test
    void symptomsAloneAreProblemsWithTheirTrade() {
        Classifier c = new Classifier();
        for (String s : new String[]{"过道的灯忽明忽暗", "次卧天花板上一片黄色水印子", "热水器打不着火", "对门的狗叫了一整夜",
                "the bathroom tap keeps dripping", "入户门推不开了", "楼前消防通道上天天停一辆小车"}) {
            assertTrue(c.describesProblem(s), s);
        }
        is("热水器打不着火", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("楼前消防通道上天天停一辆小车", ServiceCategory.PARKING, Priority.NORMAL);
        is("单元门口的人行道天天停一排私家车 推车都过不去", ServiceCategory.PARKING, Priority.NORMAL);
        // one's own car kept somewhere is no report
        assertFalse(c.describesProblem("小区最近有啥施工没 我车老停树底下"));
        is("对门的狗叫了一整夜", ServiceCategory.NOISE, Priority.NORMAL);
        is("the bathroom tap keeps dripping", ServiceCategory.PLUMBING, Priority.NORMAL);
        // a screen frozen, a door nobody gets through, in English
        assertTrue(c.describesProblem("the water pipe under the sink is frozen, pipes are frozen solid"));
        for (String s : new String[]{"the intercom panel is frozen again", "the lobby door reader won't let us in"}) {
            assertTrue(c.describesProblem(s), s);
            assertEquals(ServiceCategory.DOOR_ACCESS, c.classify(s).category(), s);
        }
        assertFalse(c.describesProblem("物业费一年交几次"));
        assertFalse(c.describesProblem("停车场几点关门"));
    }

    @Test
    void waterShowingOnAPartOfTheBuildingIsPlumbing() {
        // the wall, ceiling or basement is where the water shows, not what is broken
        is("储藏室墙根一直渗水 墙上湿了一大块", ServiceCategory.PLUMBING, Priority.HIGH);
        is("地下室那面墙一直往下滴水", ServiceCategory.PLUMBING, Priority.NORMAL);
        // a building part with a fault of its own stays a public facility
        is("单元门口台阶裂开了", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("楼道的扶手松了", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        // another trade's word beside a building part does not take it over: only water does
        is("那个凉亭顶上叫雪压得变形了 挺危险的", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
    }

    /** Noise or a stranger's threat told in its own words stays noise or the guards' matter, whoever makes it. */
    @Test
    void aNeighboursNoiseAndStrangersAreNoiseAndSecurity() {
        Classifier c = new Classifier();
        assertEquals(ServiceCategory.NOISE, c.classify("楼上那家天天半夜在屋里蹦跶，咕咚咕咚的，吵得睡不着").category());
        assertEquals(ServiceCategory.NOISE, c.classify("楼上1201那户一到晚上就拖凳子跺脚，孩子睡不着").category());
        // a fire door is the building's fire safety, not an access control; a basin slow to drain is plumbing
        assertEquals(ServiceCategory.PUBLIC_FACILITY, c.classify("消防通道的防火门关不上，风一吹就嘭嘭响").category());
        assertTrue(c.describesProblem("厨房洗菜盆去水好慢，半天下不去"));
        // 闹心 is upsetting, not loud: a shop's cooking fumes are no noise
        assertEquals(ServiceCategory.COMPLAINT, c.classify("还有个闹心事儿，对面包子铺天天一早油烟往我店里灌").category());
        assertEquals(ServiceCategory.SECURITY, c.classify("门口有几个不认得的人跟在住户后头混进来").category());
        assertEquals(ServiceCategory.SECURITY, c.classify("后街晚上老有几个小混混聚在那儿喝酒起哄").category());
    }

    @Test
    void aNeighboursConductIsAComplaintAboutThem() {
        is("楼上那家总往下扔瓜子皮", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("对门在楼道里堆了一堆纸箱子", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("隔壁在露台上私搭了个棚子", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("有人遛狗不牵绳 小孩吓哭了", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("楼下饭馆的油烟全冲我家窗户", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("五楼那户老往窗户外头泼洗菜水", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("后排有户人家把楼前的草地圈起来种了葱", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("对门那套被二房东隔成好几间往外租，门口垃圾天天堆着", ServiceCategory.COMPLAINT, Priority.NORMAL);
        // a neighbour's noise source is still noise
        is("隔壁半夜唱卡拉ok太吵", ServiceCategory.NOISE, Priority.NORMAL);
        // a leak from upstairs is still the pipes
        is("楼上渗水到我家卫生间", ServiceCategory.PLUMBING, Priority.HIGH);
    }

    @Test
    void dangerToPeopleAndWaterNearPowerAreEmergencies() {
        is("我妈在厨房摔倒了起不来", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("有个人翻墙进来了在院子里转", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("车库进水 都淹到配电柜了", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        // a socket or a power strip standing in the water, in any order of the telling
        for (String wet : List.of("暖气管接头往外呲水，地上一大摊，插线板在地上也泡着呢", "楼上下来的水顺着墙流，墙上插座那块都在淌水",
                "water is coming through the ceiling and the power strip on the floor is soaked",
                "the leak is spreading and water is reaching the sockets")) {
            assertEquals(Priority.EMERGENCY, classifier.classify(wet).priority(), wet);
        }
        // a dry socket beside a leak is no danger
        for (String dry : List.of("水管滴水，插线板没泡着，我挪开了", "the socket is not wet, just the floor by the sink",
                "地上有水，插线板没有泡着", "漏了一点水，插座不会泡水吧", "the balcony drain outlet is under water",
                "no water reached the sockets, only the rug")) {
            assertNotEquals(Priority.EMERGENCY, classifier.classify(dry).priority(), dry);
        }
        // smoke where people are, something burning, sparks, water running down a light
        assertEquals(Priority.EMERGENCY, classifier.classify("楼梯间冒黑烟 有股烧焦的味 不晓得哪家着了").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("it smells of gas in the kitchen").priority());
        // cigarette ends, a smoker's smell, a cold caught, a car's exhaust, new furniture: no fire
        for (String none : new String[]{"楼梯间有烟头没人扫", "楼道里有烟味 好像有人在抽烟", "孩子在屋里着了凉",
                "汽车排气管冒黑烟停在楼下", "新装修屋里塑料味好大", "I have been there twice and nobody was at the office"}) {
            assertNotEquals(Priority.EMERGENCY, classifier.classify(none).priority(), none);
        }
        assertNotEquals(ServiceCategory.CLEANING, classifier.classify("I have been there twice and nobody was at the office").category());
        // smoke from a neighbour's cooking or a broken hood is no fire
        assertNotEquals(Priority.EMERGENCY, classifier.classify("楼下天天烧烤 烟好大 熏得没法开窗").priority());
        assertNotEquals(Priority.EMERGENCY, classifier.classify("油烟机不转了 一炒菜满屋都是烟").priority());
        // renovation rubbish left at a door is the cleaners', not the noise of renovating
        is("Someone dumped renovation rubbish bags by the gate of block 5, been there for days and it smells",
                ServiceCategory.CLEANING, Priority.NORMAL);
    }

    @Test
    void staffMisconductIsAComplaint() {
        is("门岗保安当班喝酒", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("维修师傅上门还收红包", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("早上问了保洁员一句，她就跟我急眼", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("夜班保安说话贼冲，爱搭不理", ServiceCategory.COMPLAINT, Priority.NORMAL);
    }

    @Test
    void dirtOnAThingOfTheBuildingOrBinsAtADoorwayAreTheCleaners() {
        is("三楼的消防栓箱上一层灰，还挂着蜘蛛网", ServiceCategory.CLEANING, Priority.NORMAL);
        is("2单元门口那只垃圾桶满得盖不上了", ServiceCategory.CLEANING, Priority.NORMAL);
        // a broken thing stays its trade's, dirty or not
        is("楼梯扶手断了一截", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        // the door of the block itself still is the door's; a full car park or lift is no mess
        is("单元门关不上了", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("楼栋门口那扇门坏了", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("地下车库的车位满了，没地方停", ServiceCategory.PARKING, Priority.NORMAL);
    }

    @Test
    void symptomsInMoreWordings() {
        is("有个陌生男的一直在我们楼道里走来走去", ServiceCategory.SECURITY, Priority.NORMAL);
        is("谁把车停我车位上了", ServiceCategory.PARKING, Priority.NORMAL);
        is("门口那棵树的大枝丫劈开了", ServiceCategory.GREENING, Priority.NORMAL);
        is("the shower keeps running and won't stop", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("the gate lock is jammed", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("楼梯间有人呕吐 半天没人清", ServiceCategory.CLEANING, Priority.NORMAL);
    }

    /** The thing says the trade over a lamp or a bad state it shares with another; an injury is the guards' emergency. */
    @Test
    void theThingsOwnTradeAndPeopleHurt() {
        is("车库出口那个监控摄像头被撞歪了 指示灯也不亮", ServiceCategory.SECURITY, Priority.NORMAL);
        is("the card reader at our lobby door has no light at all", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("健身区那边有个大爷摔倒了 手上在流血", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("卧室顶上哗哗往下淌水 地上都是水了", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("小广场那几棵桂花树上好多虫 叶子都快啃光了", ServiceCategory.GREENING, Priority.NORMAL);
        assertTrue(new Classifier().describesProblem("the water pressure in my shower is really low"));
        Classifier c = new Classifier();
        assertTrue(c.namesAThing("楼道的声控灯坏了"));
        assertFalse(c.namesAThing("关门的时候哐哐响 还抖得厉害"));
    }

    @Test
    void drainsThatDoNotEmptyInEnglish() {
        is("the kitchen basin drains slowly these days", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("dirty water is backing up through the shower drain", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("the laundry sink won't drain at all", ServiceCategory.PLUMBING, Priority.NORMAL);
        assertTrue(new Classifier().describesProblem("there is water coming up from the balcony floor drain"));
        is("卫生间的排风扇开不起来了", ServiceCategory.ELECTRICAL, Priority.NORMAL);
    }

    @Test
    void hillsideAndCompoundPlacesAndTheirFaults() {
        is("5栋旁边的人行天桥栏杆松动了", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("自行车棚的彩钢瓦叫风掀起来了", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("后山护坡上在掉石头 怕是要滑坡", ServiceCategory.PUBLIC_FACILITY, Priority.EMERGENCY);
        is("楼门的门禁锁吸不住 门老是关不拢", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("谁在垃圾桶站旁边倒了一车渣土", ServiceCategory.CLEANING, Priority.NORMAL);
        is("窗外那棵柳树的枝子都伸到阳台里了", ServiceCategory.GREENING, Priority.NORMAL);
        is("书房插座插上去没有电", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("the hallway lamp on my floor went out", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("the bathroom tap is dripping all night", ServiceCategory.PLUMBING, Priority.NORMAL);
    }

    @Test
    void aLiftWithSomeoneShutInsideOrWaterOnTheLightsIsDanger() {
        is("电梯把人关住了 停在半中间不动", ServiceCategory.ELEVATOR, Priority.EMERGENCY);
        is("卫生间顶上漏水 顺着电线往下滴", ServiceCategory.PLUMBING, Priority.EMERGENCY);
    }

    @Test
    void aFearedFireIsNotAFireButTheNeighboursConductIs() {
        is("三楼那家在楼道堆满了旧家具 着火怎么办", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("楼下饭馆把桌子摆到人行道上了", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("楼道里着火了", ServiceCategory.SECURITY, Priority.EMERGENCY);
    }

    @Test
    void fansAreElectricalWhereverTheyHang() {
        is("厨房的抽油烟机不转了", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("浴室排气扇转不动 一点不抽风", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("the bathroom exhaust fan stopped working", ServiceCategory.ELECTRICAL, Priority.NORMAL);
    }

    @Test
    void waterThatKeepsRunningIsPlumbing() {
        is("三楼公共卫生间的小便斗一直在流水", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("马桶水箱的水流个不停", ServiceCategory.PLUMBING, Priority.NORMAL);
    }

    @Test
    void aLiftsMachineSoundsAreTheLiftsFault() {
        is("the lift makes a grinding sound between floors", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("our elevator keeps clunking every time the doors close", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("the people upstairs keep stomping after midnight", ServiceCategory.NOISE, Priority.NORMAL);
    }

    @Test
    void shutInWithNoWayOutOrWaterRisingInTheGarageIsDanger() {
        is("电梯不走了 我们两个被困在里面出不去", ServiceCategory.ELEVATOR, Priority.EMERGENCY);
        is("地库进水了 都淹到车门了", ServiceCategory.PLUMBING, Priority.EMERGENCY);
    }

    @Test
    void aCarInOnesSpaceSaidInThePassiveIsParking() {
        is("我的车位让人给停了 一辆黑色越野", ServiceCategory.PARKING, Priority.NORMAL);
        is("租的车位被别人停了一整天", ServiceCategory.PARKING, Priority.NORMAL);
    }

    @Test
    void aNeighboursDrippingAirConditionerOrAShopsTablesOnTheWalkAreAboutThem() {
        is("对面楼上的空调水老滴在我家窗台上 说了也不管", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("楼上晾衣服滴水滴到阳台 衣服都白洗了", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("面馆天天把桌子凳子摆满门口那条路 轮椅都过不去", ServiceCategory.COMPLAINT, Priority.NORMAL);
    }

    @Test
    void doorsAndParkingInEnglish() {
        is("the front door of our block doesn't close any more", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("a van is parked in my spot again, someone keeps using my space", ServiceCategory.PARKING, Priority.NORMAL);
        // a bathroom heater (浴霸) that trips the power is the electrician's, a shower named beside it or not
        is("the bathroom heater keeps tripping, too cold to shower", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        // Cantonese 锌盆 (the sink), and 星盆 typed for it: a blocked one is the plumber's, however it smells
        is("厨房个锌盆塞咗 啲水落唔去", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("厨房个星盆塞咗 仲有阵臭味", ServiceCategory.PLUMBING, Priority.NORMAL);
    }

    /** Someone shut in a lift is an emergency however it is put; a lift that is merely out, or its rules, is not. */
    @Test
    void someoneShutInALiftIsAnEmergencyInAnyWording() {
        for (String text : new String[]{"电梯不走了 我爸还在里头", "我让电梯给关住了 快来人", "部𨋢停咗 阿婆喺入面出唔嚟",
                "电梯卡在两层中间 我们出不来", "轿厢里困了个送外卖的", "电梯门打不开了 孩子在电梯里哭",
                "the elevator stopped and my son is still inside", "I'm stuck in the lift at block 4", "電梯關了個人 快點",
                "电梯里有人一直按警铃", "我卡电梯里了", "阿拉姆妈关牢勒电梯里了", "东面那部电梯关牢一个老太太 揿警铃没人应", "2号电梯停在5楼和6楼两层之间", "the lift is stuck between floors", "电梯里有个娃娃出不来"}) {
            is(text, ServiceCategory.ELEVATOR, Priority.EMERGENCY);
        }
        for (String text : new String[]{"电梯停了三天 我妈腿脚不好出不去门", "电梯里有人抽烟 味道好大", "电梯门关不上 一直开开合合",
                "电梯卡丢了怎么补办", "电梯停了 我妈困在家里下不了楼", "电梯卡里面的钱用完了", "电梯坏了一个礼拜 老人出不去", "the lift is broken again, we walk up 12 floors"}) {
            assertTrue(classifier.classify(text).priority() != Priority.EMERGENCY, text);
        }
    }

    /** A manhole left open is the estate's facility, however dark it is around it ("黑灯瞎火" names no lamp). */
    @Test
    void anOpenManholeIsAFacilityEvenInTheDark() {
        is("后头那个井盖让人给掀了 敞着口 晚上黑灯瞎火的", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("车棚的灯坏了 黑灯瞎火的", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("楼梯间黑灯瞎火的 好几天了", ServiceCategory.ELECTRICAL, Priority.NORMAL);
    }

    /** Rubbish someone left wants the cleaner; thrown down from above, or clutter kept on a shared way, is a complaint. */
    @Test
    void rubbishSomeoneLeftIsCleaningButThrowingItDownOrClutterIsAComplaint() {
        is("不知道谁在车棚边上倒了两袋装修垃圾 堆了几天", ServiceCategory.CLEANING, Priority.NORMAL);
        is("有人在单元门口乱扔外卖盒 也没人收拾", ServiceCategory.CLEANING, Priority.NORMAL);
        is("someone dumped their rubbish by the bike shed days ago", ServiceCategory.CLEANING, Priority.NORMAL);
        is("楼上有人往下扔垃圾袋 扔了好几回了", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("三楼那家把旧沙发纸箱堆了一楼道 过不去人", ServiceCategory.COMPLAINT, Priority.NORMAL);
    }

    @Test
    void buildingNoiseAtQuietHoursIsReportedWithoutSayingItIsLoud() {
        for (String s : new String[]{"施工队早上六点就开始砸墙", "隔壁装修中午也不停 电钻打孔", "晚上十点了楼上还在敲敲打打"}) {
            assertTrue(classifier.describesProblem(s), s);
            is(s, ServiceCategory.NOISE, Priority.NORMAL);
        }
        assertFalse(classifier.describesProblem("装修可以几点开始施工"), "the rule asked, nothing reported");
        assertFalse(classifier.describesProblem("半夜有急事找物业打哪个号"), "an hour alone reports nothing");
    }

    @Test
    void rubbishNotCollectedAndAStrayThatBitesInEnglish() {
        assertTrue(classifier.describesProblem("the garbage hasn't been collected for days"));
        is("the garbage hasn't been collected for days", ServiceCategory.CLEANING, Priority.NORMAL);
        assertTrue(classifier.describesProblem("there's a stray dog in the garden that bites"));
        is("there's a stray dog in the garden that bites", ServiceCategory.SECURITY, Priority.NORMAL);
    }

    /** Symptoms told without "坏了": a toilet that will not flush, a lift that sticks and beeps, a bin room not emptied. */
    @Test
    void symptomsWithoutABrokenWordAreRepairsOfTheirTrade() {
        for (String[] c : new String[][] {
                {"卫生间马桶冲不了水，按下去一点反应都没", "PLUMBING"},
                {"电梯关门时总要卡一下，还滴滴叫个不停", "ELEVATOR"},
                {"后门那个垃圾房满溢了，好几天没拉走", "CLEANING"},
                {"健身房那台跑步机皮带跑偏，踩上去吱嘎响", "PUBLIC_FACILITY"},
                {"the bench next to the fountain is broken, a plank snapped", "PUBLIC_FACILITY"},
                {"strangers keep loitering by the back gate at night", "SECURITY"}}) {
            assertTrue(classifier.describesProblem(c[0]), c[0]);
            is(c[0], ServiceCategory.valueOf(c[1]), Priority.NORMAL);
        }
    }

    /** Water behind a stain is the plumber's; water from a neighbour's air-con unit is their conduct, not noise. */
    @Test
    void waterBehindAStainOrFromAnAirConUnitIsPlumbing() {
        is("客厅吊顶上一圈黄印子，估计是楼上渗下来的", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("楼上空调外机的水老是滴到我家窗台上，窗帘都打湿了", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("楼上外机的水一直往我们阳台上淌，衣服都弄湿了", ServiceCategory.COMPLAINT, Priority.NORMAL);
        // the stain alone, no water said, stays with the plaster
        is("客厅墙面起皮了，一大块黄印子", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        // a neighbour's air-con that is loud is still noise
        is("楼上空调外机嗡嗡响，吵得睡不着", ServiceCategory.NOISE, Priority.NORMAL);
        assertEquals(Priority.EMERGENCY,
                classifier.classify("water is pouring through the kitchen ceiling from upstairs").priority());
    }

    /** Smoking in the lift is someone's conduct: a complaint. */
    @Test
    void smokingInTheLiftIsAComplaint() {
        is("电梯里经常有人抽烟，一股烟味", ServiceCategory.COMPLAINT, Priority.NORMAL);
    }

    /** The company addressed, a lamp's alternation, a lock's own lights, a tree across a path: each goes to its trade. */
    @Test
    void whatSurroundsAFaultDoesNotTakeItToAnotherTrade() {
        is("喂 是物业吧 我家电闸老是啪一下跳掉 一开微波炉就跳", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("单元大堂那盏灯一会儿亮一会儿灭", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("my smart lock keypad is dead, no lights at all", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("电梯按钮灯全都不亮了", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("花坛里一棵树歪掉了，电瓶车都过不去", ServiceCategory.GREENING, Priority.NORMAL);
        is("楼梯上一摊油，滑得很", ServiceCategory.CLEANING, Priority.NORMAL);
        // "建议…" still says what the message is
        is("建议在车棚多装几个充电桩", ServiceCategory.SUGGESTION, Priority.LOW);
    }

    /** A fee named after a thing asks about money: "停车费还没缴" is no parking matter to send someone to. */
    @Test
    void aFeeNamedAfterAThingIsNoFaultOfIt() {
        assertFalse(classifier.describesProblem("我家停车费是不是还没缴，帮我看一下"));
        assertFalse(classifier.describesProblem("这个月电费怎么这么多，帮我看看"));
        assertTrue(classifier.describesProblem("车位被人占了，帮我看看"));
    }

    /**
     * What a thing does is its own trade's: a lift's sound, smoke from a lamp, water running out of a lamp from a
     * leak above; a theft in progress is a guard's emergency; sinks that drain slowly, damp cabinets, dark door
     * screens and leaning trees are faults of their trades.
     */
    @Test
    void aThingsOwnSoundSmokeOrWaterStaysWithItsTrade() {
        is("the lift makes a loud banging noise near the 4th floor every trip", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("smoke is coming out of the light fitting in the hallway of my flat", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        is("楼上漏下来的水顺着客厅吸顶灯往下滴", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("地库里有两个人在砸车窗偷东西", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("卫生间台盆放水放不下去，积了半盆", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("洗碗池下面的柜子湿哒哒的，底板都泡胀了", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("3单元门口机的屏幕黑了，按了没用", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("路边那棵梧桐歪得厉害，怕要倒了", ServiceCategory.GREENING, Priority.NORMAL);
        assertTrue(classifier.describesProblem("路边那棵梧桐歪得厉害，怕要倒了"));
        // a neighbour's machine keeping one awake is noise; sick on a lobby floor is the cleaner's; the fitness
        // corner's equipment is a facility, not the garden
        is("隔壁那家半夜开着烘干机轰隆隆的，吵得我睡不着", ServiceCategory.NOISE, Priority.NORMAL);
        is("2号楼大堂地上有人吐了，一股味没人管", ServiceCategory.CLEANING, Priority.NORMAL);
        is("小花园健身那块的太空漫步机轴断了", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        // a fire burning is the guards' however near a fitting; a lift stopped early is no noise
        is("厨房油锅起火烧到油烟机了", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("电梯一大早就停在楼下不动了", ServiceCategory.ELEVATOR, Priority.NORMAL);
        assertFalse(classifier.classify("单元门口蹲着个不认识的人").category() == ServiceCategory.DOOR_ACCESS);
    }

    @Test
    void aTripAWindowPaneABranchAndBinsGoToTheirOwnTrade() {
        // the breaker tripping when an appliance is switched on is the circuit's, whatever the appliance
        is("洗澡一开热水器家里就跳闸", ServiceCategory.ELECTRICAL, Priority.HIGH);
        is("the bathroom boiler trips the power every time I turn it on", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("3楼楼梯间窗户玻璃碎了，碎碴子掉了一地", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("过道墙皮一块一块往下掉", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("小区滑梯旁边的单杠螺丝松掉了", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("昨晚风大，门口那棵银杏断了根枝子压在车棚上", ServiceCategory.GREENING, Priority.NORMAL);
        is("阳台洗衣池落水好慢，一槽水半天下不去", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("the bins by block 3 are overflowing again", ServiceCategory.CLEANING, Priority.NORMAL);
        is("my front door lock keeps jamming", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("a man was trying car door handles in the garage last night", ServiceCategory.SECURITY, Priority.NORMAL);
        is("brown damp patch on the bedroom ceiling, seeping from the flat above", ServiceCategory.PLUMBING, Priority.NORMAL);
        // gas named by its smell in English, water coming down like rain: emergencies
        is("there's a rotten egg smell on our landing", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("客厅顶上往下冒水，跟下雨似的", ServiceCategory.PLUMBING, Priority.EMERGENCY);
    }

    @Test
    void aPersonDownAChildInDangerOrStormDamageIsAnEmergencyANewsStoryIsNot() {
        is("我妈在楼道里滑了一下，坐地上半天起不来", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("电梯口躺着个老大爷，叫他半天没反应", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("对面楼有个小孩站在窗台上，家里好像没大人", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("刮大风把客厅窗户吹破了，雨往屋里灌", ServiceCategory.PUBLIC_FACILITY, Priority.EMERGENCY);
        is("阳台推拉门被风吹掉了，雨水往屋里灌", ServiceCategory.PUBLIC_FACILITY, Priority.EMERGENCY);
        assertFalse(classifier.classify("前两天新闻里说有个小区电动车着火，我们这有啥防范").priority() == Priority.EMERGENCY);
        assertFalse(classifier.classify("刷到一条外地小区着火的新闻，咱们的灭火器多久检查一次").priority() == Priority.EMERGENCY);
        // a card reader "unresponsive" is its own fault, no one collapsed
        is("the card reader at the lobby door is unresponsive", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
    }

    @Test
    void theGuardsMattersAreSecurity() {
        // something thrown down at people, a fire lane filled with junk, an e-bike charged indoors, drunks, strangers
        is("六楼有人往下丢了个花盆，差点砸到楼下玩的小孩", ServiceCategory.SECURITY, Priority.NORMAL);
        is("后面那条消防通道被人用旧家具和木板堆满了", ServiceCategory.SECURITY, Priority.NORMAL);
        is("有人把电瓶车推到三楼楼道里充电，插线板从家里拉出来", ServiceCategory.SECURITY, Priority.NORMAL);
        is("楼下几个喝多了的在那砸酒瓶子踹垃圾桶，保安能不能过来", ServiceCategory.SECURITY, Priority.NORMAL);
        is("这两天老有个不认识的男的在我们单元门口转悠", ServiceCategory.SECURITY, Priority.NORMAL);
        // a household's litter dropped from above stays a complaint about them; a car in the fire lane is parking
        is("楼上那家老往下扔瓜子皮", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("楼上总有人往下弹烟灰烟屁股，落在我晾的被子上，太危险了", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("消防通道上停了辆白色面包车好几天了", ServiceCategory.PARKING, Priority.NORMAL);
    }

    @Test
    void aTrippingLeakageBreakerOrADeadBurntSocketIsNoEmergency() {
        assertFalse(classifier.classify("阳台那个漏电开关三天两头就跳，推上去又掉").priority() == Priority.EMERGENCY);
        assertEquals(ServiceCategory.ELECTRICAL, classifier.classify("阳台那个漏电开关三天两头就跳，推上去又掉").category());
        assertFalse(classifier.classify("书房的插座烧了，现在插什么都没电").priority() == Priority.EMERGENCY);
        // current leaking into someone, or a socket still smoking, still is
        is("洗衣机外壳漏电，刚才手碰上去被电了一下", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        is("热水器的漏电开关不跳，外壳却带电", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        is("厨房插座烧了，还在冒黑烟", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        // leakage blamed for the trips or only wondered about, nobody shocked: the electrician's, not a danger
        assertFalse(classifier.classify("书房一开电暖器就跳闸，怕是哪里漏电").priority() == Priority.EMERGENCY);
        assertFalse(classifier.classify("客厅顶灯时亮时不亮，会不会是线路漏电啊").priority() == Priority.EMERGENCY);
        assertEquals(ServiceCategory.ELECTRICAL, classifier.classify("客厅顶灯时亮时不亮，会不会是线路漏电啊").category());
        assertTrue(classifier.describesProblem("总闸老是跳，推上去又跳下来"));
        is("淋浴的时候水龙头漏电，麻了一下，怀疑热水器坏了", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        // a breaker that does not trip, numbness felt, water at the wiring, a trip told in another sentence: a danger still
        assertEquals(Priority.EMERGENCY, classifier.classify("漏电开关不跳，插座漏电").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("是不是洗衣机漏电，手碰上去麻麻的").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("怀疑热水器漏电，洗澡时手发麻").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("担心漏电，电线泡在水里了").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("昨天总闸跳了一次。今天洗衣机外壳漏电").priority());
        // sparks from a fitting are its electrician's repair; sparks with smoke or a burning smell are a danger
        is("卧室插座一插电器就冒火花", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("the switch in the hall is sparking", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("插座冒火花，还有一股烧焦味", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        is("开关打火花，冒烟了", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        // a meter box or wiring sparking is a danger by itself
        is("楼道电表箱一直冒火花，噼啪响", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        assertEquals(Priority.EMERGENCY, classifier.classify("水漏到厨房电表箱那边了 一直在冒火花").priority());
        // children jumping upstairs are no breaker
        assertFalse(classifier.classify("楼上小孩老是跳，天天这样").category() == ServiceCategory.ELECTRICAL);
    }

    @Test
    void insideTheLiftCarIsTheLiftsAndAFearedFallIsNoEmergency() {
        is("3号电梯里面的照明灯坏了，一直黑着", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("九楼电梯口的吸顶灯不亮了", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("门口那棵歪脖子树，就怕哪天刮大风倒下来砸到人", ServiceCategory.GREENING, Priority.NORMAL);
        // a fear come true, or a fear word about something else, is an emergency still
        assertEquals(Priority.EMERGENCY, classifier.classify("老人怕冷开电暖气把被子烧起来了").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("我好怕，楼下着火了快来人").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("电梯卡在两层之间，我老公还在里面，按警铃里面没人应").priority());
        assertFalse(classifier.classify("we're not trapped, the lift just stopped at 3").priority() == Priority.EMERGENCY);
        // leaving the lift is no fault of the lift's
        is("刚从电梯里出来，走廊的灯全黑了", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("the lift doors keep opening and closing on the 4th floor, no one is stuck", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("someone is trapped in the lift between floors", ServiceCategory.ELEVATOR, Priority.EMERGENCY);
        // flies over a shop's bins are the bins' matter, not a shop's noise
        is("楼下饭店门口的垃圾桶满了，苍蝇嗡嗡的", ServiceCategory.CLEANING, Priority.NORMAL);
    }

    @Test
    void whereOnesCarIsKeptIsNoFaultATreeBlownOntoAWindowIsTheGardeners() {
        assertFalse(classifier.describesProblem("我辆车平时停在地下车库，想问问月租续到哪天了"));
        is("楼下那棵香樟叫风刮歪了，枝子都顶到我家窗户玻璃了", ServiceCategory.GREENING, Priority.NORMAL);
        is("小区门口的宣传栏被风刮得摇摇晃晃", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("店门口的卷闸门卡住了，拉一半下不来", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("the stairwell lights on our floor have been out for a week", ServiceCategory.ELECTRICAL, Priority.NORMAL);
    }

    @Test
    void liftButtonsFollowersScratchedCarsDogMessParkingLocksAndDrainSmells() {
        is("the call button on the 7th floor for the lift does not light up", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("有个不认识的男的一路跟在我后面进了楼", ServiceCategory.SECURITY, Priority.NORMAL);
        is("车停在地库让人拿钥匙划了一道", ServiceCategory.SECURITY, Priority.NORMAL);
        is("there is dog poop by the bike shed and it never gets cleaned", ServiceCategory.CLEANING, Priority.NORMAL);
        is("我车位上的地锁被撬了", ServiceCategory.PARKING, Priority.NORMAL);
        is("洗手间地漏一直往上返臭味", ServiceCategory.PLUMBING, Priority.NORMAL);
        // a danger only feared ("怕砸到人") is no emergency; the branch is the gardeners'
        is("楼下那棵树断了根枝子挂在半空，怕砸到人", ServiceCategory.GREENING, Priority.NORMAL);
    }

    /** Everyday words near the new danger rules stay ordinary: a review's counter-examples. */
    @Test
    void ordinaryWordsNearTheDangerRulesAreNoEmergency() {
        for (String said : List.of("推拉门的滑轮坏了，门动不了", "拍了门禁没反应", "喊了保安没反应", "窗户关不严，冷风一直往屋里灌",
                "it looks like rain tomorrow, is the event still on?", "I got a shock when I saw my water bill",
                "阿姨站在窗台上擦玻璃", "孩子把钥匙锁在阳台了")) {
            assertFalse(classifier.classify(said).priority() == Priority.EMERGENCY, said);
        }
        // a video or the TV named beside a real danger does not make it news
        is("视频里可以看到，厨房水管爆了在喷水", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("楼道里全是可怕的浓烟", ServiceCategory.SECURITY, Priority.EMERGENCY);
        // tripping over a stone is no breaker tripping; thumping from above is noise; a car at one's door parking
        assertFalse(classifier.classify("I tripped over a loose paving stone outside block 3").category() == ServiceCategory.ELECTRICAL);
        is("constant thumping from the flat above every night", ServiceCategory.NOISE, Priority.NORMAL);
        is("我家门口被人停了辆车，出不去", ServiceCategory.PARKING, Priority.NORMAL);
        assertFalse(classifier.describesProblem("We are out until 6, can the plumber come after that?"));
    }

    /** Beside a lift is a place; glass lying about wants a broom; a burning smell from wiring is the electrician's. */
    @Test
    void besideTheLiftBrokenGlassAndABurningBreaker() {
        is("someone left a bag of rubbish next to the elevator on floor 5", ServiceCategory.CLEANING, Priority.NORMAL);
        is("电梯旁边有人倒了一堆装修垃圾", ServiceCategory.CLEANING, Priority.NORMAL);
        is("车库出口有一堆碎玻璃，找人扫扫", ServiceCategory.CLEANING, Priority.NORMAL);
        is("the lift is stuck on floor 3 with the doors open", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("there is a burning smell from the breaker panel in the hall", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        // a part of the lift beside it is still the lift's; a fire is the guards' and 119's; a QR code is no mess
        is("电梯旁边的按钮坏了", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("书房顶灯一直闪", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("the hallway light keeps flickering", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("the socket in the corridor is burning, there are flames", ServiceCategory.SECURITY, Priority.EMERGENCY);
        assertFalse(classifier.describesProblem("扫一下二维码交物业费"));
        assertFalse(classifier.describesProblem("Where do I pick up my parcel?"));
    }

    /** Described only by what happened: mess, strangers, cars where they must not be, karaoke, trees, a lift door. */
    @Test
    void situationsToldWithoutTheirCategorysWord() {
        is("小道上一大坨狗屎 小孩差点踩上", ServiceCategory.CLEANING, Priority.NORMAL);
        is("有个男的跟在我后面刷卡进了单元门 不是我们楼的", ServiceCategory.SECURITY, Priority.NORMAL);
        is("停在楼下的车车窗被人砸了 包没了", ServiceCategory.SECURITY, Priority.NORMAL);
        is("老有个人在窗户外头转悠 往里头看", ServiceCategory.SECURITY, Priority.NORMAL);
        is("几个年轻人在商铺后面喝多了砸瓶子", ServiceCategory.SECURITY, Priority.NORMAL);
        is("消防通道上又停了两辆车", ServiceCategory.PARKING, Priority.NORMAL);
        is("有辆车停在我们洋房门口的草坪上", ServiceCategory.PARKING, Priority.NORMAL);
        is("楼下那家唱k唱到凌晨", ServiceCategory.NOISE, Priority.NORMAL);
        is("那棵大树枝丫长到我家窗户上 一直敲玻璃", ServiceCategory.GREENING, Priority.NORMAL);
        is("门口桂花树上全是白色的小虫子", ServiceCategory.GREENING, Priority.NORMAL);
        is("电梯门关到一半又弹开", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("台阶缺了一角", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("大堂地上全是泥巴脚印", ServiceCategory.CLEANING, Priority.NORMAL);
        is("路边那几棵月季全枯了", ServiceCategory.GREENING, Priority.NORMAL);
        is("那部梯停的时候跟地面差一截", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("地库有部车斜停占了两个车位", ServiceCategory.PARKING, Priority.NORMAL);
        is("好几辆车的后视镜被人掰了", ServiceCategory.SECURITY, Priority.NORMAL);
        is("楼梯间墙上电线皮破了一大块", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("车库顶上有根管子一直滴水", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("电梯一上午都停了 楼上邻居推着婴儿车下不来", ServiceCategory.ELEVATOR, Priority.NORMAL);
        is("地库里有个人一辆一辆地拉车门 看着不对劲", ServiceCategory.SECURITY, Priority.NORMAL);
        is("门口那棵槐树的枝子戳我窗户上了 刮风就响", ServiceCategory.GREENING, Priority.NORMAL);
        is("the face reader at our unit door hasn't recognised me since Monday", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("后山那段护坡裂了好长一道口子", ServiceCategory.PUBLIC_FACILITY, Priority.EMERGENCY);
        is("厨房水槽底下那根软管往外滋水", ServiceCategory.PLUMBING, Priority.NORMAL);
        assertTrue(classifier.describesProblem("厨房水槽底下那根软管往外滋水"));
        is("the radiator in the kids' room isn't warm since Sunday", ServiceCategory.PLUMBING, Priority.NORMAL);
        assertTrue(classifier.describesProblem("the radiator in the kids' room isn't warm since Sunday"));
        // water squirted in play, food gone cold: no pipe's fault
        assertFalse(classifier.describesProblem("孩子拿水枪往外滋水玩"));
        assertFalse(classifier.describesProblem("my soup is stone cold"));
        // children jumping upstairs trip no breaker; a parcel locker's screen is no theft of parcels
        assertFalse(classifier.classify("楼上小孩一直跳").category() == ServiceCategory.ELECTRICAL);
        assertFalse(classifier.classify("快递柜屏幕黑屏了").category() == ServiceCategory.SECURITY);
        // the same words in plain questions are no report
        assertFalse(classifier.classify("翠竹苑今天停水了").category() == ServiceCategory.GREENING);
        assertFalse(classifier.classify("水又停了").category() == ServiceCategory.PARKING);
        assertFalse(classifier.classify("小孩在小区摔破皮了 有没有药箱").category() == ServiceCategory.ELECTRICAL);
        assertFalse(classifier.classify("Could he come at 11am instead?").category() == ServiceCategory.NOISE);
        assertFalse(classifier.classify("有个人想问一下停车的事").category() == ServiceCategory.SECURITY);
        assertFalse(classifier.classify("楼上有个人天天半夜弹钢琴").category() == ServiceCategory.SECURITY);
        assertFalse(classifier.classify("有几个人的车停在消防通道上").category() == ServiceCategory.SECURITY);
        for (String none : new String[]{"我有一堆问题想问", "下午一两点来修可以吗", "车子停着呢 你们几点上班", "钥匙不见了能帮忙开锁吗",
                "被女朋友甩了心情不好", "羽毛球场满晒未", "这个月物业费缺了一块钱吗", "健身房营业到凌晨吗", "老人躺着不方便 能上门缴费吗"}) {
            assertFalse(classifier.describesProblem(none), none);
        }
    }

    /** A guard asleep at his post who does not wake is the service failing, not someone collapsed. */
    @Test
    void aGuardAsleepOnDutyIsAComplaintAndSomeoneWhoWillNotWakeIsStillAnEmergency() {
        is("半夜回来，南门岗亭那保安睡得呼呼的，敲窗户都叫不醒，只好自己抬杆", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("the guard was asleep at the gate and would not wake up", ServiceCategory.COMPLAINT, Priority.NORMAL);
        is("保安快来，楼下有个老人倒地上喊不醒", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("保安我爸睡着了叫不醒", ServiceCategory.SECURITY, Priority.EMERGENCY);
        // a danger beside a guard asleep is still one
        is("3号楼楼道着火了，门岗保安在睡觉没人管", ServiceCategory.SECURITY, Priority.EMERGENCY);
        assertEquals(Priority.EMERGENCY, classifier.classify("楼下有人持刀打架，保安还在睡觉").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("有个老人倒在地上叫不醒，值班的保安在打瞌睡").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("楼下着火点算啊").priority());
        // laundry dripping on a path is no burst pipe; a flooded bathroom with wet clothes still is
        assertFalse(classifier.classify("二楼有家把绳子扯到树上晒被子床单，横在路当中，还滴得满地是水").priority() == Priority.EMERGENCY);
        assertEquals(Priority.EMERGENCY, classifier.classify("卫生间满地是水，衣服全湿了").priority());
        assertEquals(Priority.EMERGENCY, classifier.classify("马桶冲水管爆了，哗哗往下流").priority());
        // a cistern that keeps running is a repair; water pouring from above is still an emergency
        assertFalse(classifier.classify("马桶水箱一直哗哗往下流水，停不下来，水表转得飞快").priority() == Priority.EMERGENCY);
        assertEquals(ServiceCategory.PLUMBING, classifier.classify("马桶水箱一直哗哗往下流水，停不下来").category());
    }

    /** "砸到人啷个办" fears a blow, as 怎么办 does; a branch split and hanging is the gardeners' work. */
    @Test
    void aBlowFearedInSouthwesternWordsIsNoEmergencyAndATheftOrAnOvergrownBranchIsAProblem() {
        is("楼前那棵大树有根树杈被雪压劈了，吊在半空中晃，砸到人啷个办", ServiceCategory.GREENING, Priority.NORMAL);
        Classification theft = classifier.classify("电瓶车锁在车棚里，今早一看电瓶叫人给卸走了");
        assertEquals(ServiceCategory.SECURITY, theft.category());
        assertTrue(classifier.describesProblem("电瓶车锁在车棚里，今早一看电瓶叫人给卸走了"));
        assertEquals(ServiceCategory.GREENING, classifier.classify("窗外那棵树枝子太长了，能不能给修剪一下").category());
        assertTrue(classifier.describesProblem("窗外那棵树枝子太长了"));
        assertTrue(classifier.describesProblem("楼下的冬青该修剪一下了"));
    }
}
