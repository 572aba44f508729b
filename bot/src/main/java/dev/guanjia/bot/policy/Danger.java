package dev.guanjia.bot.policy;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kind of danger an emergency is, so that its steps come from an article about the same danger: a
 * leak's "close the main valve" read to someone smelling gas is worse than no steps at all.
 */
public enum Danger {
    // first steps from the public safety guidance of fire brigades and gas and power utilities, said when
    // the estate has no article of its own for the danger: the phone alone leaves someone smelling gas
    // free to switch on a light
    GAS("燃气|煤气|天然气|液化气|沼气|(?i)\\bgas\\b",
            "1. 不要开关电灯、电器，不要用明火；\n2. 打开门窗通风；\n3. 关闭燃气总阀；\n4. 人员撤到室外，在室外打电话求助。",
            "1. Do not switch lights or appliances on or off, no flames;\n2. open the doors and windows;\n"
                    + "3. close the gas main valve;\n4. get everyone outside, and phone from outside."),
    FIRE("着火|火灾|起火|失火|火情|火警|冒烟|浓烟|烟雾|(?i)\\b(fire|smoke)\\b",
            "1. 火势大或有浓烟，立即撤离并拨打119，走楼梯，不要乘电梯；\n2. 用湿毛巾捂住口鼻，弯腰低姿离开；\n"
                    + "3. 电器着火先拉电闸断电，不要用水泼。",
            "1. If the fire is growing or the smoke is thick, leave now and call 119; take the stairs, never the lift;\n"
                    + "2. cover nose and mouth with a wet cloth and stay low;\n3. for an electrical fire cut the power first, never use water."),
    LIFT("电梯|轿厢|困人|被困|关在里面|(?i)\\b(lifts?|elevators?|trapped)\\b",
            "1. 被困的人保持冷静，按轿厢里的警铃或对讲按钮求救；\n2. 不要扒门，不要试图爬出轿厢；\n3. 在外面的人不要自己撬门救人，等救援人员到场。",
            "1. Whoever is inside: stay calm and press the alarm bell or intercom button;\n2. do not force the doors or try to climb out;\n"
                    + "3. people outside must not pry the doors open: wait for the rescuers."),
    WATER("漏水|跑水|水管|爆管|爆裂|渗水|积水|进水|淹|喷水|水阀|(?i)\\b(flood\\w*|leak\\w*|pipes?|burst)\\b",
            "1. 家里漏水先关闭进户水阀（总阀）；\n2. 水可能碰到插座、电器或电箱时，先拉下电闸断电，远离积水；\n3. 地库、车库进水不要下去挪车，把电器和贵重物品移到高处。",
            "1. For a leak at home, close your flat's main water valve;\n2. if the water may reach sockets, appliances or a power box, "
                    + "switch off at the breaker and keep away from it;\n3. do not go down into a flooded garage for the car; move valuables up high."),
    ELECTRIC("漏电|触电|电线|插座|电闸|跳闸|短路|火花|配电|电箱|电表箱|焦糊|烧焦|(?i)\\b(sparks?|shock|electric\\w*|wiring)\\b",
            "1. 立即拉下电闸（总闸）断电，不要用手碰电线和电器；\n2. 电器冒烟着火不要用水泼；\n3. 有人触电先断电，再救人，并拨打120。",
            "1. Switch off the power at the main breaker now; do not touch wires or appliances;\n"
                    + "2. never pour water on a smoking appliance;\n3. if someone got a shock, cut the power before touching them, and call 120."),
    // a slope, retaining wall or facade that is giving way: what hurts is being under it
    FALLING("落石|掉石头|石头(掉|滚|砸)|滑坡|塌方|泥石流|(挡(土)?墙|堡坎|护坡|边坡).{0,4}(裂|垮|塌|倒|鼓|歪|倾斜|掉)|坍塌|"
            + "外墙.{0,3}(脱落|掉)|(瓷砖|墙砖|玻璃|招牌|广告牌|雨棚).{0,3}(掉下|要掉)|(?i)\\b(landslides?|rock ?falls?|"
            + "falling (rocks?|stones?|tiles?|glass)|(ceiling|wall|slope|roof|canopy|bank) (has |is )?(collapsed|collapsing|giving way))\\b",
            "1. 人和车马上远离坡下、墙下和楼下可能掉落的范围，不要在下面停留或停车；\n2. 提醒过往的人绕行，有条件的在远处拉上警示；\n"
                    + "3. 有人受伤拨打120，险情在扩大拨打119。",
            "1. Get people and cars away from below the slope, wall or building now, and do not stand or park there;\n"
                    + "2. warn passers-by to go round, and mark it off from a distance if you can;\n"
                    + "3. if anyone is hurt call 120; if it is getting worse call 119.");

    private final Pattern words;
    private final String firstSteps;
    private final String firstStepsEn;

    Danger(String words, String firstSteps, String firstStepsEn) {
        this.words = Pattern.compile(words);
        this.firstSteps = firstSteps;
        this.firstStepsEn = firstStepsEn;
    }

    /** What to do first, in Chinese, as numbered lines. */
    public String firstSteps() {
        return firstSteps;
    }

    public String firstStepsEn() {
        return firstStepsEn;
    }

    /** The danger a message tells of, the first that fits in this order (gas before the fire it may cause). */
    public static Optional<Danger> of(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (Danger d : values()) {
            if (d.words.matcher(t).find()) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Every danger a title names ("漏水、水管爆裂应急处理": water); none for a general emergency article. */
    public static Set<Danger> named(String title) {
        String t = title.toLowerCase(Locale.ROOT);
        Set<Danger> out = EnumSet.noneOf(Danger.class);
        for (Danger d : values()) {
            if (d.words.matcher(t).find()) {
                out.add(d);
            }
        }
        return out;
    }

    /** Whether an article with this title may give the steps for this message's danger. */
    public static boolean stepsFit(String title, String message) {
        Set<Danger> about = named(title);
        return about.isEmpty() || of(message).map(about::contains).orElse(true);
    }
}
