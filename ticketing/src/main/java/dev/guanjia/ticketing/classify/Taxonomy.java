package dev.guanjia.ticketing.classify;

import dev.guanjia.community.category.ServiceCategory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service taxonomy (resources/ticketing/taxonomy.txt): per category the things residents name
 * and the bad states they describe, the danger phrases that make an emergency, and the generic
 * faults, visit requests and neighbour words. A thing with a fault is a repair; danger words are an
 * emergency; a neighbour with a noise source is a complaint about noise.
 */
public final class Taxonomy {

    /** What a message says, read against the taxonomy. */
    public record Reading(ServiceCategory category, boolean problem, String danger) {
    }

    private record Section(ServiceCategory category, List<String> things, List<String> faults) {
    }

    private final Map<ServiceCategory, List<String>> danger = new EnumMap<>(ServiceCategory.class);
    private final List<Section> sections = new ArrayList<>();
    private final List<String> genericFaults = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> neighbour = new ArrayList<>();
    private final List<String> conduct = new ArrayList<>();

    private static volatile Taxonomy bundled;

    public static Taxonomy bundled() {
        Taxonomy t = bundled;
        if (t == null) {
            try (InputStream in = Taxonomy.class.getResourceAsStream("/ticketing/taxonomy.txt")) {
                if (in == null) {
                    throw new IllegalStateException("ticketing/taxonomy.txt is missing from the build");
                }
                t = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                bundled = t;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the taxonomy: " + e.getMessage(), e);
            }
        }
        return t;
    }

    public static Taxonomy parse(String text) {
        Taxonomy t = new Taxonomy();
        String section = null;
        Section current = null;
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.contains("]")) {
                section = line.substring(1, line.indexOf(']')).strip();
                current = null;
                if (!section.equals("danger") && !section.equals("generic")) {
                    ServiceCategory c = ServiceCategory.ofCode(section)
                            .orElseThrow(() -> new IllegalArgumentException("taxonomy: unknown category " + line));
                    current = new Section(c, new ArrayList<>(), new ArrayList<>());
                    t.sections.add(current);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || section == null) {
                throw new IllegalArgumentException("taxonomy: line outside a section or without a key: " + line);
            }
            String key = line.substring(0, colon).strip();
            List<String> words = words(line.substring(colon + 1));
            switch (section) {
                case "danger" -> t.danger.computeIfAbsent(ServiceCategory.ofCode(key).orElseThrow(
                        () -> new IllegalArgumentException("taxonomy: unknown danger category " + key)),
                        k -> new ArrayList<>()).addAll(words);
                case "generic" -> {
                    switch (key) {
                        case "faults" -> t.genericFaults.addAll(words);
                        case "requests" -> t.requests.addAll(words);
                        case "neighbour" -> t.neighbour.addAll(words);
                        case "conduct" -> t.conduct.addAll(words);
                        default -> throw new IllegalArgumentException("taxonomy: unknown generic key " + key);
                    }
                }
                default -> {
                    switch (key) {
                        case "things" -> current.things().addAll(words);
                        case "faults" -> current.faults().addAll(words);
                        case "label" -> {
                        }
                        default -> throw new IllegalArgumentException("taxonomy: unknown key " + key);
                    }
                }
            }
        }
        return t;
    }

    private static List<String> words(String s) {
        String body = s.contains("#") ? s.substring(0, s.indexOf('#')) : s;
        List<String> out = new ArrayList<>();
        for (String w : body.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                // "_" stands for a space inside an English phrase ("gas_leak")
                out.add(w.toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return out;
    }

    /**
     * Readings of recent texts: a turn reads the same message several times (the policy, the model,
     * the work order), and a reading depends on nothing but the text and this taxonomy, which does not
     * change once parsed. Emptied when full rather than kept in order: it only has to hold a turn's texts.
     */
    private final Map<String, Reading> recent = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int RECENT = 2_048;

    /** Whether the text names a thing of any trade ("电梯", "栏杆"), not only a bad state ("又哐哐响", "断了一根"). */
    public boolean namesAThing(String text) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        return sections.stream().anyMatch(s -> longest(t, s.things()) > 0);
    }

    public Reading read(String text) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        Reading known = recent.get(t);
        if (known != null) {
            return known;
        }
        Reading r = readLowerCase(t);
        if (recent.size() >= RECENT) {
            recent.clear();
        }
        recent.put(t, r);
        return r;
    }

    private Reading readLowerCase(String text) {
        // a fee named after a thing ("停车费", "电费", "暖气费") asks about money, not about the thing
        // where one's own car is kept ("我架车停喺地下车库", "my car is parked in the garage") says no fault of anyone's
        String read = OWN_CAR_KEPT.matcher(FEE.matcher(text).replaceAll("费")).replaceAll("我的车在");
        // the doorway of a block ("单元门口那个垃圾桶满了") is where something is, not the door itself; and one's
        // own shop ("熏得我店里不敢开门") is no neighbour's
        read = DOORWAY.matcher(read).replaceAll("$1口");
        // beside the lift is where something lies ("电梯旁边有一滩水", "dumped next to the lift"), not the lift
        read = BESIDE_THE_LIFT.matcher(read).replaceAll(m -> m.group(1) != null ? "过道" : "the landing");
        read = OWN_SHOP.matcher(read).replaceAll("自家");
        // "黑灯瞎火" says it is dark, not which lamp is out: beside a thing in a bad state of its own ("井盖让人掀了
        // 敞着口 晚上黑灯瞎火的") that thing is the matter; alone ("楼梯间黑灯瞎火的") the lights are
        if (read.contains("黑灯瞎火")) {
            String without = read.replace("黑灯瞎火", "");
            if (sections.stream().anyMatch(x -> longest(without, x.things()) > 0 && longest(without, x.faults()) > 0)) {
                read = without;
            }
        }
        // leakage that trips the breaker or is only wondered about is no danger (calmLeakage), read per sentence
        // (a trip told yesterday says nothing about a casing live today), each sentence keeping its own end
        StringBuilder calm = new StringBuilder();
        java.util.regex.Matcher end = SENTENCE_END.matcher(read);
        int from = 0;
        while (end.find()) {
            calm.append(calmLeakage(read.substring(from, end.start()))).append(end.group());
            from = end.end();
        }
        String t = calm.append(calmLeakage(read.substring(from))).toString();
        String dangerWord = null;
        ServiceCategory dangerCategory = null;
        for (Map.Entry<ServiceCategory, List<String>> e : danger.entrySet()) {
            for (String w : e.getValue()) {
                if ((dangerWord == null || w.length() > dangerWord.length()) && affirmed(t, w)
                        && !(EVENTS.contains(e.getKey()) && onlyFeared(t, w))) {
                    dangerWord = w;
                    dangerCategory = e.getKey();
                }
            }
        }
        if (dangerWord == null && SPARKING_WIRES.matcher(t).find()) {
            dangerWord = "电箱冒火花";
            dangerCategory = ServiceCategory.ELECTRICAL;
        }
        if (dangerWord == null && BURNING_FITTING.matcher(t).find()) {
            dangerWord = "插座烧焦";
            dangerCategory = ServiceCategory.ELECTRICAL;
        }
        if (dangerWord == null && (WATER_AT_FITTING.matcher(t).find() || FITTING_IN_WATER.matcher(t).find())) {
            dangerWord = "水淹到电";
            dangerCategory = ServiceCategory.PLUMBING;
        }
        if (dangerWord == null && FIRE.matcher(t).find() && !NOT_FIRE.matcher(t).find()) {
            dangerWord = "着火";
            dangerCategory = ServiceCategory.SECURITY;
        }
        if (dangerWord == null && shutInALift(t)) {
            dangerWord = "电梯困人";
            dangerCategory = ServiceCategory.ELEVATOR;
        }
        // someone fallen and not getting up, or not answering when called ("摔了一跤，起不来了", "喊她没有反应")
        if (dangerWord == null && (FALLEN.matcher(t).find() || UNRESPONSIVE.matcher(t).find())) {
            dangerWord = "有人倒地";
            dangerCategory = ServiceCategory.SECURITY;
        }
        if (dangerWord != null && noDangerHere(t, dangerWord, dangerCategory)) {
            dangerWord = null;
            dangerCategory = null;
        }
        boolean generic = longest(t, genericFaults) > 0;
        boolean asked = longest(t, requests) > 0;
        // water coming through (a leak, seepage, dripping): the plumbing section's own bad states
        boolean water = sections.stream().anyMatch(x -> x.category() == ServiceCategory.PLUMBING
                && longest(t, x.faults()) > 0);
        ServiceCategory best = ServiceCategory.OTHER;
        int bestScore = 0;
        boolean problem = false;
        boolean liftFault = false;
        boolean loud = false;
        boolean noiseSource = false;
        boolean wiringFault = false;
        boolean wiringThing = false;
        ServiceCategory brokenBeside = null; // another trade's thing in one of its own bad states
        boolean otherFault = false;
        for (Section s : sections) {
            int thing = longest(t, s.things());
            int fault = longest(t, s.faults());
            otherFault |= s.category() != ServiceCategory.CLEANING && fault > 0;
            liftFault |= s.category() == ServiceCategory.ELEVATOR && thing > 0 && fault > 0;
            loud |= s.category() == ServiceCategory.NOISE && fault > 0 && SOUND.matcher(t).find();
            noiseSource |= s.category() == ServiceCategory.NOISE
                    && longest(t, s.things().stream().filter(w -> !SOUND_NOUNS.contains(w)).toList()) > 0;
            wiringFault |= s.category() == ServiceCategory.ELECTRICAL && fault > 0;
            wiringThing |= s.category() == ServiceCategory.ELECTRICAL && thing > 0;
            boolean soft = s.category() == ServiceCategory.COMPLAINT || s.category() == ServiceCategory.SUGGESTION;
            int score;
            if (thing > 0 && fault > 0) {
                // a thing of this trade in one of its own bad states: the surest reading — though a trade's own
                // reading outweighs a complaint or suggestion read from the taxonomy's words alone ("保洁员…楼道
                // 好几天没扫了" is the sweeping to be done; the complaint cues of the desk still make it one)
                score = (soft ? 2900 : 3000) + thing * 10 + fault;
                problem = true;
            } else if (thing > 0 && generic && !soft) {
                // plants wither or fall rather than "break": a broken thing named in a garden is one of its
                // facilities ("the bench in the garden is broken")
                score = 1000 + thing * 10 - (s.category() == ServiceCategory.GREENING ? 100 : 0);
                problem = true;
            } else if (thing > 0 && soft) {
                // "建议…", "投诉…": the resident says what kind of message it is; the company only addressed
                // ("是物业吧", "物业能派人来吗") says nothing of the kind, and a trade's thing outweighs it
                boolean named = longest(t, s.things().stream().filter(w -> !ADDRESSED.contains(w)).toList()) > 0;
                score = (named ? 900 : 350) + thing;
            } else if (thing > 0 && s.category() == ServiceCategory.PUBLIC_FACILITY && water) {
                // a part of the building named without a fault of its own (a wall, a ceiling, the basement) is
                // where water coming through shows ("地下室墙角渗水"): the water says the trade
                score = 200 + thing * 10;
                problem |= asked;
            } else if (thing > 0) {
                // a named thing says more about the trade than a bad state borrowed from another
                score = 400 + thing * 10;
                problem |= asked;
            } else if (fault > 0 && !soft) {
                score = 300 + fault * 10;
                problem = true;
            } else {
                score = 0;
            }
            // a noise source at the hours city rules keep quiet ("早上六点就开始砸墙", "中午也在电钻") is a report
            // whether or not "loud" is said; the hour alone ("半夜有急事找谁") is none
            // — unless only water comes from it ("楼上空调外机的水往我家滴"): that is the drain's
            if (s.category() == ServiceCategory.NOISE && thing > 0 && !(fault == 0 && waterFrom(t))
                    && (longest(t, neighbour) > 0 || QUIET_HOURS.matcher(t).find())) {
                score += 500;
                problem = true;
            }
            if (score > bestScore) {
                if (bestScore >= 3000) {
                    brokenBeside = best;
                }
                bestScore = score;
                best = s.category();
            } else if (score >= 3000 && brokenBeside == null) {
                brokenBeside = s.category();
            }
        }
        boolean dirtOnly = DIRT.matcher(t).find() && !otherFault;
        // a mess that is only what fell from something broken ("窗户玻璃碎了，碴子掉了一地") is the broken thing's
        // trade: the glazier comes, the sweeping follows
        if (best == ServiceCategory.CLEANING && brokenBeside != null && brokenBeside != ServiceCategory.COMPLAINT
                && SPREAD_ON_FLOOR.matcher(t).find() && !LITTER.matcher(t).find()) {
            best = brokenBeside;
        }
        // a fault of the building's wiring in a public place (a socket, a cable, the distribution box) is the
        // electrician's, whatever place is named with it ("车库的公共插座烧黑了"). So is a lamp inside a building —
        // the stairwell's, the lift lobby's, the garage's — which the estate's electrician changes; a lamp out in
        // the grounds (a street lamp, a garden light, the gate's) is a public facility of the estate, and a fire
        // exit's emergency light stays with the building's safety equipment
        // water running out of a lamp with nothing wrong said of the lamp itself ("漏下来的水顺着吸顶灯往下滴",
        // "吊灯里都在滴水"): the leak above is the plumber's, the lamp is only where it shows
        boolean leakThroughLamp = water && !wiringFault && LAMP.matcher(t).find();
        if (problem && (PLACE_TRADES.contains(best) || best == ServiceCategory.DOOR_ACCESS || best == ServiceCategory.ELECTRICAL)) {
            if (BARE_WIRE.matcher(t).find() && wiringThing) {
                best = ServiceCategory.ELECTRICAL;
            } else if (LAMP.matcher(t).find() && !SAFETY_LIGHT.matcher(t).find()
                    // the light inside the lift car is the lift's own, which its maintainer mends
                    && !(best == ServiceCategory.ELEVATOR && IN_THE_CAR.matcher(t).find())
                    && !(best == ServiceCategory.DOOR_ACCESS && LOCK.matcher(t).find())
                    && !(best == ServiceCategory.PLUMBING && leakThroughLamp)) {
                best = OUTDOORS.matcher(t).find() ? ServiceCategory.PUBLIC_FACILITY : ServiceCategory.ELECTRICAL;
            }
        }
        // the lamp of the lift lobby ("6楼电梯口那盏灯不亮") is the building's, the electrician's, not the lift's
        if (best == ServiceCategory.ELEVATOR && LAMP.matcher(t).find() && LIFT_LOBBY.matcher(t).find()
                && !IN_THE_CAR.matcher(t).find()) {
            best = ServiceCategory.ELECTRICAL;
        }
        // whatever is inside the lift car (its light, fan, buttons, screen) is the lift's, which its maintainer mends
        if ((best == ServiceCategory.ELECTRICAL || best == ServiceCategory.PUBLIC_FACILITY) && problem
                && IN_THE_CAR.matcher(t).find()) {
            best = ServiceCategory.ELEVATOR;
        }
        // the power tripping when an appliance is switched on ("一开热水器就跳闸") is the circuit's fault, the
        // electrician's, whatever trade the appliance belongs to — unless water is coming out of it too
        if (best != ServiceCategory.ELECTRICAL && !water && POWER_FAULT.matcher(t).find()) {
            best = ServiceCategory.ELECTRICAL;
            problem = true;
        }
        if (best == ServiceCategory.ELECTRICAL && leakThroughLamp) {
            best = ServiceCategory.PLUMBING;
        }
        // a stain or damp on a ceiling or wall with water coming through ("天花板一块黄印子，像是楼上渗下来的"):
        // the leak behind it is the plumber's, not the plaster's
        if (best == ServiceCategory.PUBLIC_FACILITY && water && MOISTURE.matcher(t).find()) {
            best = ServiceCategory.PLUMBING;
        }
        // dust, grime or cobwebs on a thing of the building with nothing broken ("扶手上一层灰", "电梯里脏得要命")
        // want the cleaner, not the trade the thing belongs to
        if (dirtOnly && !generic && !water && problem && DIRTIED.contains(best) && bestScore < 3000) {
            best = ServiceCategory.CLEANING;
        }
        // another household's conduct ("楼上往下扔烟头", "隔壁的狗在楼道拉屎"): a complaint about them, which a
        // trade's own thing-and-fault reading does not outweigh; a neighbour's noise source still reads as noise
        boolean someone = longest(t, neighbour) > 0 || t.contains("有人") && !t.contains("家里有人") && !t.contains("有人在家");
        // rubbish someone left on the ground ("有人乱丢装修垃圾 堆了几天") wants the cleaner, the way rubbish nobody
        // collected does; thrown down from above it is a danger from a household, and clutter kept in a stairwell
        // a household's use of a shared way: complaints about them
        boolean litter = LITTER.matcher(t).find() && !FROM_ABOVE.matcher(t).find();
        // — unless the household's conduct is letting rooms out or building on shared ground, of which the rubbish
        // by their door is only one sign
        if (someone && litter && best != ServiceCategory.SECURITY && !SUBLET_OR_BUILT.matcher(t).find()) {
            problem = true;
            best = ServiceCategory.CLEANING;
        } else if (someone && longest(t, conduct) > 0) {
            int score = 3400 + longest(t, conduct);
            problem = true;
            // noise made or a stranger's or a dog's threat told in its own words (a noise source and how loud it is,
            // a prowler and what he does) is the noise or the guards' matter, as a city hotline files it, whoever
            // makes it; other conduct of a household is a complaint about them
            boolean ownReading = bestScore >= 3000 && (best == ServiceCategory.NOISE || best == ServiceCategory.SECURITY);
            if (score > bestScore && !ownReading) {
                bestScore = score;
                // something thrown down that hits or nearly hits someone ("差点砸到我孩子", "高空抛物太吓人") is the
                // guards' to trace, on camera; a household's litter dropped from above stays a complaint about them
                best = FROM_ABOVE.matcher(t).find() && THROWN_AT_PEOPLE.matcher(t).find()
                        ? ServiceCategory.SECURITY : ServiceCategory.COMPLAINT;
            }
        }
        // a fire lane blocked with sheds or junk (not a car) is fire safety, the guards' round; an e-bike charged in a
        // stairwell or off a wire through a window is the fire risk the guards stop
        if ((best == ServiceCategory.PARKING || best == ServiceCategory.COMPLAINT || best == ServiceCategory.CLEANING)
                && FIRE_LANE.matcher(t).find()
                && !VEHICLE.matcher(t).find()
                || best == ServiceCategory.PARKING && EBIKE_CHARGED_INDOORS.matcher(t).find() && INDOORS.matcher(t).find()
                && !t.contains("充电桩") && !t.contains("充电车位")) {
            best = ServiceCategory.SECURITY;
            problem = true;
        }
        // a neighbour's machine keeping one awake ("楼上洗衣机轰隆隆转到两点，吵得睡不着") is noise from a household,
        // not a fault of the machine to repair — unless water comes from it (a leak above is the plumber's)
        if (loud && !water && longest(t, neighbour) > 0 && best != ServiceCategory.NOISE
                && best != ServiceCategory.COMPLAINT && best != ServiceCategory.SECURITY && dangerCategory == null
                // flies buzzing over the bins ("苍蝇嗡嗡叫") are the bins' matter, not a neighbour's noise
                && !INSECTS_BUZZING.matcher(t).find()) {
            best = ServiceCategory.NOISE;
            problem = true;
        }
        // a lift's own sound ("电梯咣当响", "the lift makes a banging noise") is a lift fault, not noise from someone
        if (best == ServiceCategory.NOISE && liftFault && !noiseSource && longest(t, neighbour) == 0) {
            best = ServiceCategory.ELEVATOR;
        }
        // smoke or fire from a lamp, a socket or wiring is the electrician's emergency, not a guard's
        if (dangerCategory == ServiceCategory.SECURITY && wiringThing
                && (SMOKE_OR_FIRE.matcher(dangerWord).find() || BURNING_SMELL.matcher(t).find())) {
            dangerCategory = ServiceCategory.ELECTRICAL;
        }
        if (dangerCategory != null) {
            best = dangerCategory;
        }
        return new Reading(best, problem || dangerWord != null || generic, dangerWord);
    }

    /** Things of the building that get dirty: a handrail, a lift car, an entry panel, a lamp, a parking bay. */
    private static final java.util.Set<ServiceCategory> DIRTIED = java.util.EnumSet.of(ServiceCategory.PUBLIC_FACILITY,
            ServiceCategory.ELEVATOR, ServiceCategory.DOOR_ACCESS, ServiceCategory.ELECTRICAL, ServiceCategory.PARKING);
    /** Rooms let out by the bed or something built on shared ground. */
    private static final java.util.regex.Pattern SUBLET_OR_BUILT = java.util.regex.Pattern.compile(
            "群租|隔断|隔成|二房东|私搭|乱搭|违建|违章建|彩钢房|圈地|圈起来|圈进去|砌了|\\b(sublet|subletting|illegal (structure|extension))\\b");
    /** Dust, grime and what soils a surface, not a full bin or a crowd. */
    private static final java.util.regex.Pattern DIRT = java.util.regex.Pattern.compile(
            "灰|脏|蜘蛛网|污渍|油污|黏糊|粘糊|污垢|一手黑|痰|呕吐|\\b(dirty|dusty|dust|grime|grimy|cobwebs?|filthy)\\b");
    /** A block's doorway named as a place (not "楼栋门口那扇门坏了", the door itself named after it). */
    private static final java.util.regex.Pattern DOORWAY = java.util.regex.Pattern.compile(
            "(单元|楼栋|楼道|大堂)门口(?![^，,。！!？?]{0,6}门)");
    /** A place beside a lift, in Chinese (group 1) or English. */
    private static final java.util.regex.Pattern BESIDE_THE_LIFT = java.util.regex.Pattern.compile(
            // (not a part of the lift found there: "电梯旁边的按钮坏了" is the lift's call button)
            "(电梯口?(?:旁边|边上|旁|对面|附近)(?![^，,。！!？?]{0,4}(?:按钮|按键|显示屏|屏|门|呼叫|面板)))|"
                    + "\\b(?:next to|near|beside|by|outside|in front of|opposite) (?:the |a )?(?:lifts?|elevators?)\\b"
                    + "(?! (?:buttons?|call buttons?|panel|display|doors?)\\b)");
    /** The resident's own shop. */
    private static final java.util.regex.Pattern OWN_SHOP = java.util.regex.Pattern.compile(
            "(我|我们|我家|俺|自己)(的|家)?(店里|店铺|商铺|铺子|门面|档口)");

    /** Smoke or sparks coming out of something, not a fire already burning (着火, 浓烟: the guards' and 119's). */
    private static final java.util.regex.Pattern SMOKE_OR_FIRE = java.util.regex.Pattern.compile("冒烟|焦|smok|spark|burning smell");
    /** A smell of burning, which is no fire yet: from wiring, the electrician's emergency. */
    private static final java.util.regex.Pattern BURNING_SMELL = java.util.regex.Pattern.compile(
            "burning smell|smell of burning|smells? (like )?burning|烧焦味|焦糊味|糊味");
    /** Bits spread over the floor, the way what breaks off lies. */
    private static final java.util.regex.Pattern SPREAD_ON_FLOOR = java.util.regex.Pattern.compile(
            "(掉|撒|洒|落|碎)?了?(一地|满地|遍地)|到处都是|\\ball over the floor\\b");
    /** One's own car and where it is kept. */
    private static final java.util.regex.Pattern OWN_CAR_KEPT = java.util.regex.Pattern.compile(
            "(我|俺|咱|我们)(的|家|嘅)?(那)?(架|部|辆|台|个)?车(子)?(一直|平时|都|是)?停(在|喺|到)(?=[^，,。！!？?]{0,6}(车库|地库|车位|停车场))|"
                    + "\\bmy car is (parked|kept) (in|at)\\b");
    /** A fall that keeps someone down. */
    private static final java.util.regex.Pattern FALLEN = java.util.regex.Pattern.compile(
            "(人|老人|老太太?|老头|大爷|大妈|阿姨|奶奶|爷爷|婆婆|公公|老伴|妈|爸|孩子|小孩|娃|她|他|我|邻居|老公|老婆|娭毑)"
                    + "[^，,。！!？?]{0,6}(摔|跌|绊|滑)(了|倒|到|在)?[^。！!？?]{0,10}(起不来|站不起来|爬不起来|起不了身)|"
                    + "\\b(fell|fallen|collapsed)\\b[^.!?]{0,40}\\b(can'?t|cannot|unable to) (get up|move|stand)\\b");
    /** Someone called or shaken who does not answer. */
    private static final java.util.regex.Pattern UNRESPONSIVE = java.util.regex.Pattern.compile(
            "(喊|叫|拍|摇)(了)?(她|他|老人|人家|老人家)(几声|半天|几下)?[^。，,！!？?]{0,3}(没有?反应|没动静|不答应|没回应)|"
                    // (not "unresponsive", which a card reader is too)
                    + "\\b(won'?t wake up|not breathing|isn'?t breathing|stopped breathing)\\b");
    /** Told of from the news or another place, not happening here. */
    private static final java.util.regex.Pattern ELSEWHERE = java.util.regex.Pattern.compile(
            "新闻|报道说|网上(看到|说)|朋友圈里|抖音上|别的小区|其他小区|隔壁小区|\\b(in the news|news about|on the news)\\b");
    /** The supply cutting out: a breaker tripping or a short circuit. */
    private static final java.util.regex.Pattern POWER_FAULT = java.util.regex.Pattern.compile(
            "跳闸|跳匝|调闸|掉闸|跳掣|短路|\\b(breaker|fuse|power|electricity|rcd)\\b[^.!?]{0,20}\\btrip|"
                    + "\\btrips? (out )?(the )?(breaker|power|fuse|electricity)\\b");
    /** A sound said, not only an hour ("大半夜", "一大早"): what makes a neighbour's machine noise. */
    private static final java.util.regex.Pattern SOUND = java.util.regex.Pattern.compile(
            "吵|响|嗡|轰|咚|噪|扰民|睡不着|没法睡|闹|(?i)\\b(noise|noisy|loud|banging|humming)\\b");
    /** The noise section's words for the sound itself, which name no source. */
    private static final java.util.Set<String> SOUND_NOUNS = java.util.Set.of("噪音", "燥音", "躁音", "噪声", "noise", "noises");

    /** A plumbing thing named ("空调外机的水", "the pipe"): water coming from somewhere. */
    private boolean waterFrom(String t) {
        return sections.stream().anyMatch(x -> x.category() == ServiceCategory.PLUMBING && longest(t, x.things()) > 0);
    }

    private static final java.util.regex.Pattern FEE = java.util.regex.Pattern.compile(
            "(物业|物管|停车|车位|管理|水|电|燃气|煤气|天然气|暖气|供暖|取暖|采暖|垃圾|清运|加压|公摊)(服务)?费");

    /** How residents address the company: naming it is no complaint. */
    private static final java.util.Set<String> ADDRESSED = java.util.Set.of("物业", "物业公司", "物管", "管理处", "服务中心",
            "客服中心", "客服", "前台", "管家", "工作人员");

    /** Marks water leaves on plaster: stains, damp, mould, bulging paint. */
    private static final java.util.regex.Pattern MOISTURE = java.util.regex.Pattern.compile(
            "黄印|水印|水渍|返潮|回潮|发霉|长霉|霉斑|鼓包|鼓起|起皮|湿漉漉|冒汗|墙面出水|\\b(damp|mould|mold|stain|stains|stained)\\b");

    /** Early morning, the midday rest and late at night: the hours building noise is not allowed. */
    private static final java.util.regex.Pattern QUIET_HOURS = java.util.regex.Pattern.compile(
            "(早上|清早|一早)?[五六5６6]点(就|多就|不到)|七点不到|天不亮|凌晨|半夜|深夜|夜里|(晚上)?(十|十一|十二|10|11|12)点(了|多|还|都)|"
                    + "午休|中午(也|还|都)|周末一大早");

    /** Rubbish and builders' waste, not things kept (boxes, scrap, bikes). */
    private static final java.util.regex.Pattern LITTER = java.util.regex.Pattern.compile(
            "垃圾|建渣|渣土|建筑垃圾|外卖盒|饭盒|剩饭|\\b(rubbish|trash|garbage|litter)\\b");
    /** Thrown or poured down from a window or balcony. */
    private static final java.util.regex.Pattern FROM_ABOVE = java.util.regex.Pattern.compile(
            "往下|高空|楼上.{0,6}(扔|丢|倒|泼|抛)|窗外|窗户外|阳台上.{0,4}(扔|丢)|\\b(from (above|upstairs|the window|a window))\\b|"
                    + "\\b(throws?|throwing|threw|dumps?) [^.]{0,20}\\b(down|out of)\\b");

    /** Something thrown down that hits or nearly hits people, or is called 高空抛物. */
    private static final java.util.regex.Pattern THROWN_AT_PEOPLE = java.util.regex.Pattern.compile(
            // (a cigarette end landing on one's balcony, "太危险了" or not, stays a complaint about the household)
            "高空抛物|高空坠物|砸(到|中|伤)|砸在(我|人|孩子|小孩|老人|他|她|脚|头|身)|差点砸|险些砸|\\b(hit|nearly hit|almost hit)\\b");
    private static final java.util.regex.Pattern FIRE_LANE = java.util.regex.Pattern.compile(
            "消防通道|消防车道|生命通道|\\bfire (lane|exit|escape|access)\\b");
    private static final java.util.regex.Pattern INSECTS_BUZZING = java.util.regex.Pattern.compile(
            "(苍蝇|蚊子|蜜蜂|马蜂|虫子|飞虫|蝇子|乌蝇)[^，,。]{0,3}(嗡嗡|乱飞|满天飞)");
    private static final java.util.regex.Pattern VEHICLE = java.util.regex.Pattern.compile(
            "(?<!消防)车(?!棚)|停(?!电|水)|\\b(car|cars|vehicle|van|truck|parked)\\b");
    private static final java.util.regex.Pattern EBIKE_CHARGED_INDOORS = java.util.regex.Pattern.compile(
            "(电动车|电瓶车|电单车|\\be-?bikes?\\b|\\bscooters?\\b)[^。！!]{0,30}(充电|\\bcharg)"
                    + "(?![^。！!]{0,6}(桩|车位))");
    private static final java.util.regex.Pattern INDOORS = java.util.regex.Pattern.compile(
            "楼道|楼梯|家里|屋里|电梯|拉线|电线|插线板|窗户|单元门|大堂|\\b(stairwell|hallway|corridor|indoors|inside|lobby|window)\\b");

    private static final java.util.regex.Pattern LIFT_LOBBY = java.util.regex.Pattern.compile(
            "电梯口|电梯厅|电梯间门口|电梯前室|候梯厅|\\b(lift|elevator) (lobby|landing|hall)\\b");
    private static final java.util.regex.Pattern IN_THE_CAR = java.util.regex.Pattern.compile(
            "(?<!从)(电梯|轿厢|𨋢)(里|里面|里头|里边|内|入面)(?!出来|出去|下来)|\\b(in|inside) the (lift|elevator)\\b");

    private static final java.util.regex.Pattern LEAKAGE_BREAKER = java.util.regex.Pattern.compile(
            "漏电(保护)?(开关|保护器|保护|断路器|空开|闸)|漏保");
    /** A breaker tripping ("总闸老是跳", "一开就跳闸"), never one that does not ("漏电开关不跳") nor a start ("吓一跳"). */
    private static final java.util.regex.Pattern TRIPS = java.util.regex.Pattern.compile(
            "(?<![不没吓一心蹦])跳(闸|掣|匝|了|掉|下来|开)|(闸|空开|开关|保护器|漏保|掣)[^，,。！!？?；;]{0,6}(?<![不没])跳|"
                    + "(老|总|经常|又|一开就|一用就)跳|掉闸|推不上|合不上");
    private static final java.util.regex.Pattern NOT_TRIPPING = java.util.regex.Pattern.compile("(不|没|没有)跳");
    private static final java.util.regex.Pattern LEAKAGE = java.util.regex.Pattern.compile("漏电");
    /** Leakage only wondered about: "是不是漏电了", "怀疑线路漏电", "会不会漏电啊" (a fear is no doubt about the cause). */
    private static final java.util.regex.Pattern SUSPECTED_LEAKAGE = java.util.regex.Pattern.compile(
            "(是不是|是否|会不会|怀疑|可能是)([^，,。！!？?；;]{0,6})漏电");
    /** Water at the wiring makes any leakage a danger, wondered about or not. */
    private static final java.util.regex.Pattern WET = java.util.regex.Pattern.compile("泡|进水|湿|水里|淋到|浸");
    private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("[。！!？?；;]");

    /**
     * With nobody shocked and no water at it, leakage that trips the breaker ("总跳闸，怀疑哪里漏电了") or is
     * only wondered about ("是不是漏电") is the breaker doing its job: an electrician's urgent repair, no danger.
     */
    private static String calmLeakage(String sentence) {
        if (SHOCK.matcher(sentence).find() || WET.matcher(sentence).find() || NOT_TRIPPING.matcher(sentence).find()) {
            return sentence;
        }
        if (TRIPS.matcher(sentence).find()) {
            return LEAKAGE.matcher(LEAKAGE_BREAKER.matcher(sentence).replaceAll("空开")).replaceAll("跳闸");
        }
        return SUSPECTED_LEAKAGE.matcher(sentence).replaceAll("$1$2跳闸");
    }
    /** Current felt: what makes a leak of it a danger whatever the breaker does. */
    private static final java.util.regex.Pattern SHOCK = java.util.regex.Pattern.compile(
            "带电|电人|电手|麻手|麻了|发麻|手麻|麻麻|电麻|酥麻|电了一下|被电|触电|电到|\\b(shock|shocked|electrocuted|tingl(e|es|ing))\\b");
    /**
     * A socket, switch or wire burnt and still smoking or on fire: the electrician's emergency (a smell or a fizz
     * alone is an ordinary, urgent repair).
     */
    /**
     * A meter box, breaker or wiring sparking ("电表箱一直冒火花"): a danger by itself, unlike a socket that
     * sparks when a plug goes in, which is its electrician's repair.
     */
    /**
     * A home on fire or smoke filling the stairs, in words a list of phrases cannot hold apart from everyday ones:
     * "不知道谁家着了" (not "着了凉", "着了急", "着了贼"), "家里着了火" (not a stove "点着了火"), "楼道里好大的烟"
     * (not "好大的烟味", a cigarette's "烟头", a range hood's or a barbecue's smoke).
     */
    private static final java.util.regex.Pattern FIRE = java.util.regex.Pattern.compile(
            "(谁家|哪家|家里|屋里|楼上|楼下|隔壁|对门|那家)着了(火|(?=[\\s，,。！!啊呀了吧]|$))|(?<![点打])着了火|"
                    + "(好大|很大|老大|这么大|那么大)的烟(?![味头蒂囱])|(满|一)楼道(都是|全是|的)烟(?![味头蒂])");
    /** Water running into a light or a socket ("楼上漏水 顺到吊灯往下淌"): water at the wiring, a danger. */
    private static final java.util.regex.Pattern WATER_AT_FITTING = java.util.regex.Pattern.compile(
            "(漏|渗|滴|淌|流)水?[^，,。！!？?]{0,8}(顺|流|滴|淌|渗|漏)(到|进|着)(墙上|墙上的|那边的?|旁边的?)?(吊灯|灯座|灯具|灯罩|灯里|灯上|插座|开关|电线|电箱|电表箱|配电箱)");
    /** A socket, power strip or wire standing in water or with water running over it ("插线板搁地上也泡着"). */
    private static final java.util.regex.Pattern FITTING_IN_WATER = java.util.regex.Pattern.compile(
            "(插座|插线板|插排|排插|拖线板|接线板|电线|电箱|配电箱|电表箱)(?![^，,。！!？?]{0,8}(没|不|未|别|无)[^，,。！!？?]{0,2}(泡|淌|流|湿))"
                    // ("电表箱那里在流": water said a moment before, running there now)
                    + "[^，,。！!？?]{0,8}(泡着|泡在水|泡水|在淌水|在流水|淌水了|流水了|全是水|都是水|湿透|湿了|(那里|那儿|那边)在(流|淌)(?![血汗泪]))"
                    + "|(?i)(sockets?|(?:power|electric(?:al)?|wall) outlets?|power ?strips?|extension (?:cords?|leads?)|wires?|wiring)"
                    + "(?![^.!?]{0,20}\\b(?:not|n't|never)\\b)[^.!?]{0,20}(?:(?:is|are|got|getting) )?(wet|soaked|under water|in (?:the )?water|submerged)"
                    + "|(?<!\\bno )water[^.!?]{0,20}(reach(?:ed|ing)?|running (?:over|into|onto)|into|around) (?:the |a )?(sockets?|(?:power|electric(?:al)?|wall) outlets?|power ?strips?|wires?|wiring)");
    private static final java.util.regex.Pattern NOT_FIRE = java.util.regex.Pattern.compile("抽烟|吸烟|油烟|炒菜|做饭|烧烤|烟囱|烟花|鞭炮|香烟");
    private static final java.util.regex.Pattern SPARKING_WIRES = java.util.regex.Pattern.compile(
            "(电箱|配电箱|电表箱|强电箱|电闸箱|电闸|总闸|电线|线路|电缆|电表)[^，,。！!？?]{0,10}(冒|打|喷|闪)(火花|火星)");

    static final java.util.regex.Pattern BURNING_FITTING = java.util.regex.Pattern.compile(
            "(插座|(?<![开关])开关(?![开关])|电线|电箱|插头|插线板|配电箱)[^。！!？?]{0,10}(冒黑烟|黑烟|冒火(?!花)|起火)");

    /** A lift named, in any of its names. */
    private static final java.util.regex.Pattern LIFT = java.util.regex.Pattern.compile(
            "电梯|電梯|𨋢|升降机|升降機|轿厢|\\b(lifts?|elevators?)\\b");
    /** Shut in, in any wording: "困住了", "被关着", "关里头", "锁住了人", "吞人", "stuck in", "trapped inside". */
    private static final java.util.regex.Pattern SHUT_IN = java.util.regex.Pattern.compile(
            "(?<![又好太犯])困(?![难難扰擾惑倦意觉覺]|在家|在屋|在楼上)|被关|关住|关着|关到人|关了个?人|关[在喺]?(里|入面|内)|"
                    // Wu 关牢 (shut in): "电梯关牢一个老太太"
                    + "关牢(了|勒|脱)?[一个两几位]*(人|老|小|娃|孩|阿|伊|我|侬|宝宝)|"
                    + "锁住了?人|锁[在喺]里|卡[在喺](里面|里头|里边|入面)|人卡(里面|里头|里边)|吞人|夹住|"
                    // "我卡电梯里了", "停在两层之间": someone in it, or a car stopped where no one can step out
                    + "(卡|关|困|锁)[在喺]?(电梯|𨋢|轿厢)(里|内|入面)|(卡|关|困|锁)(在|喺|到)[^，,。！!？?]{1,8}(电梯|𨋢|轿厢)(里|内|入面)|(停|卡)[在喺]?[^，,。！!]{0,8}(两层之间|层中间|半中间|半空|半截|半道|半路)|"
                    + "\\b(stuck|stopped|stops|halted) between (two )?floors\\b|"
                    + "\\b(stuck|trapped|locked|shut)\\s+(in|inside)\\b|\\btrapped\\b");
    /** The lift failing: stopped, stuck, its door not opening, its alarm pressed. */
    private static final java.util.regex.Pattern LIFT_FAILING = java.util.regex.Pattern.compile(
            "停|卡|不动|不走|坏|开不了|打不开|开不开|打唔开|开唔到|警铃|掉|坠|"
                    + "\\b(stuck|stopped|stops|broke|broken|jammed|won'?t open|alarm)\\b");
    /** Unable to get out of it (not out of the door or the building, which a lift out of order also keeps people from). */
    private static final java.util.regex.Pattern CANNOT_GET_OUT = java.util.regex.Pattern.compile(
            "(出不去|出不来|出唔到|出唔嚟|出唔去|出唔返)(?![门楼家屋小区])|\\bcan'?t get out\\b(?! of (the )?(building|flat|house|home))");
    /** Said outright that nobody is in it: "里面没人", "没人被困", "nobody is trapped". */
    private static final java.util.regex.Pattern NOBODY_INSIDE = java.util.regex.Pattern.compile(
            "(里面|里头|里边|入面)(都)?(没|冇|无)(有)?人(?![接应回理管说答关听])|(没|冇|无)(有)?人(被)?(困|卡)|"
                    + "\\b(nobody|no one|no-one)('s| is| was| got)? (trapped|stuck|inside|in it|in there|hurt)\\b|"
                    + "\\bnot (trapped|stuck) (in|inside)?|\\b(we|i)('re|'m| are| am) not (trapped|stuck)\\b|"
                    + "\\b(it'?s|it is|the (lift|elevator|car) is) empty\\b");
    /** Someone inside. */
    private static final java.util.regex.Pattern SOMEONE_INSIDE = java.util.regex.Pattern.compile(
            "(里面|里头|里边|入面|内底|里)(还)?(有|剩)?[个两几一]?[个位]?(人|小孩|孩子|细路|老人|老太|老头)|"
                    + "(人|我|俺|我们|咱|孩子|小孩|老人|仔|女|妈|爸|奶奶|爷爷|婆婆|公公)(还|都)?[在喺](里面|里头|里边|入面|内底|电梯里|電梯里|𨋢里)|"
                    + "在里面|在里头|在里边|喺入面|\\b(people|someone|somebody|person|kids?|children|mum|mom|mother|dad|father|baby|son|"
                    + "daughter|grandma|grandpa|we|i)\\b[^.!?]{0,30}\\b(inside|in there)\\b|\\bwith [^.!?]{1,30} inside\\b");

    /**
     * Someone shut in a lift, however it is put ("电梯停了我妈还在里面", "俾部𨋢困住咗", "stuck in the elevator"):
     * the one lift fault that is an emergency, which a list of phrases misses as often as it is said.
     */
    static boolean shutInALift(String text) {
        String t = simplified(text);
        if (!LIFT.matcher(t).find() || NOBODY_INSIDE.matcher(t).find() && !SOMEONE_INSIDE.matcher(t).find()) {
            return false;
        }
        return SHUT_IN.matcher(t).find() || (CANNOT_GET_OUT.matcher(t).find()
                || LIFT_FAILING.matcher(t).find() && SOMEONE_INSIDE.matcher(t).find()) && !FOR_DAYS.matcher(t).find();
    }

    private static final String TRADITIONAL = "關個裡裏鎖門開壞動鈴來電轎廂層們媽爺頭邊樓區夾墜幾兩還難擾覺";
    private static final String SIMPLIFIED = "关个里里锁门开坏动铃来电轿厢层们妈爷头边楼区夹坠几两还难扰觉";

    /** The traditional forms of the few characters these readings look at, as Hong Kong and Taiwan residents type them. */
    private static String simplified(String t) {
        StringBuilder b = null;
        for (int i = 0; i < t.length(); i++) {
            int k = TRADITIONAL.indexOf(t.charAt(i));
            if (k >= 0) {
                if (b == null) {
                    b = new StringBuilder(t);
                }
                b.setCharAt(i, SIMPLIFIED.charAt(k));
            }
        }
        return b == null ? t : b.toString();
    }

    /** A lift out for days leaves people stranded upstairs ("停了三天，老人出不去"), not shut in it. */
    private static final java.util.regex.Pattern FOR_DAYS = java.util.regex.Pattern.compile(
            "([0-9一两二三四五六七八九十几]|好几|一整)个?(天|日|周|星期|礼拜|月)|\\b(days|weeks)\\b");

    /** Sections that name a place more than a trade: wiring found there is still the electrician's. */
    private static final java.util.Set<ServiceCategory> PLACE_TRADES = java.util.EnumSet.of(ServiceCategory.PUBLIC_FACILITY,
            ServiceCategory.PARKING, ServiceCategory.CLEANING);
    private static final java.util.regex.Pattern LAMP = java.util.regex.Pattern.compile(
            "(?<![红绿])灯(?!笼|谜|会)|照明|\\b(lights?|lamps?|bulbs?|lighting)\\b");
    /** Lights of the grounds rather than of a building: by kind, or by an outdoor place named with them. */
    private static final java.util.regex.Pattern OUTDOORS = java.util.regex.Pattern.compile(
            "路灯|草坪灯|庭院灯|景观灯|地灯|高杆灯|灯杆|太阳能灯|小区门口|大门口|花园|广场|步道|院子|院里|湖边|河边|室外|路边|"
                    + "\\b(street ?lights?|street ?lamps?|lamp ?posts?|garden|outdoor|path|walkway)\\b");
    /** A lock or its keypad, whose lights are its own ("smart lock … no lights"), not a lamp. */
    private static final java.util.regex.Pattern LOCK = java.util.regex.Pattern.compile(
            "锁|密码|指纹|读卡器|刷卡器|门禁|对讲|\\b(lock|keypad|fob|card ?readers?|intercom)\\b");
    /** Emergency and exit lights belong to the fire safety equipment, whoever changes their bulbs. */
    private static final java.util.regex.Pattern SAFETY_LIGHT = java.util.regex.Pattern.compile(
            "应急灯|应急照明|疏散|安全出口|\\b(emergency lights?|exit signs?)\\b");
    private static final java.util.regex.Pattern BARE_WIRE = java.util.regex.Pattern.compile(
            "插座|插坐|电线|电缆|线路|电路|配电箱|电箱|电表箱|强电|电闸|漏电|裸露|冒火星|火星子|"
                    + "\\b(sockets?|outlets?|wires?|wiring|sparks?)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    private static int longest(String t, List<String> words) {
        int best = 0;
        for (String w : words) {
            if (w.length() > best && t.contains(w)) {
                best = w.length();
            }
        }
        return best;
    }

    /** A danger word that, read in the whole message, names no danger here. */
    private static boolean noDangerHere(String t, String dangerWord, ServiceCategory dangerCategory) {
        // a fire or flood told of from the news or another estate ("看到别的小区着火的新闻")
        return ELSEWHERE.matcher(t).find()
                // a guard on duty fast asleep ("保安睡得呼呼的，敲窗户都叫不醒"): the service's failing, a complaint
                || ("叫不醒".equals(dangerWord) || "喊不醒".equals(dangerWord)) && ASLEEP_ON_DUTY.matcher(t).find()
                        && !SOMEONE_DOWN.matcher(t).find()
                // a toilet cistern that will not stop filling ("马桶水箱一直哗哗往下流水") runs into the pan, not the room
                || dangerWord.startsWith("哗哗") && CISTERN.matcher(t).find() && !OVERHEAD.matcher(t).find()
                // water dripped from laundry hung out over a path ("晒被子床单…滴得满地是水") is no burst pipe
                || dangerCategory == ServiceCategory.PLUMBING && DRIPPED_OUTSIDE.matcher(t).find() && !PIPE.matcher(t).find();
    }

    private static final java.util.regex.Pattern DRIPPED_OUTSIDE = java.util.regex.Pattern.compile(
            "(晒|晾)[^，,。！!？?]{0,4}(被|衣|床单|被单)[^。！!？?]{0,20}滴");
    private static final java.util.regex.Pattern PIPE = java.util.regex.Pattern.compile(
            "管|阀|龙头|暖气|爆|水表|天花|吊顶|屋里|家里|卫生间|厨房|灌|漏|楼上|进水");
    private static final java.util.regex.Pattern CISTERN = java.util.regex.Pattern.compile("马桶|水箱|坐便|蹲便|冲水");
    private static final java.util.regex.Pattern OVERHEAD = java.util.regex.Pattern.compile(
            "天花|顶上|楼上|楼下|吊顶|屋顶|灯|漫|溢|满地|一地|地上|爆|管");
    /** Someone fallen or taken ill beside a guard asleep: the one who does not wake may be them. */
    private static final java.util.regex.Pattern SOMEONE_DOWN = java.util.regex.Pattern.compile(
            "倒|摔|晕|昏|老人|老头|老太|孩子|小孩|病|血|呼吸|抽搐");

    /** Someone on duty asleep: the unanswered call of a sleeper at his post, no one fallen. */
    private static final java.util.regex.Pattern ASLEEP_ON_DUTY = java.util.regex.Pattern.compile(
            "(保安|门卫|值班的|值班员|值班人员|值夜班的|守门的)(大哥|师傅|大爷|小哥|员|们)?[在又都还竟然居然一直正就那得着也躺]{0,4}"
                    + "(睡|打瞌睡|打盹|打呼)|\\b(guard|guards|doorman|security)\\s+(was|is|were|are)\\s+(fast\\s+)?(asleep|sleeping|dozing)");

    /** Dangers that happen (a fire, a fall, a collapse) rather than states found (a gas smell, sparks, a trapped lift). */
    private static final java.util.Set<ServiceCategory> EVENTS = java.util.EnumSet.of(ServiceCategory.SECURITY,
            ServiceCategory.PUBLIC_FACILITY, ServiceCategory.GREENING, ServiceCategory.DOOR_ACCESS);
    /** What follows a danger that is only feared: "着火咋整", "砸到人怎么办", "起火谁负责". */
    private static final java.util.regex.Pattern FEARED = java.util.regex.Pattern.compile(
            "^(人)?(可)?(咋整|咋办|咋弄|怎么办|怎么弄|咋个办|啷个办|啷个整|谁负责|谁管|谁赔|算谁的|可就)");

    /** What comes just before a danger that is only supposed: "真着火了…", "万一起火", "要是砸到人". */
    private static final java.util.regex.Pattern SUPPOSED = java.util.regex.Pattern.compile("(真|万一|要是|如果|一旦|假如|真要|(?<![可害])怕|生怕|就怕|担心)(的)?$");

    /** A fear said earlier in the danger's clause: "就怕哪天倒下来砸到人", "万一哪天掉下来砸到人". */
    private static final java.util.regex.Pattern FEARED_IN_CLAUSE = java.util.regex.Pattern.compile(
            "万一|要是|如果|一旦|假如|真要|生怕|就怕|怕哪天|怕万一|怕以后|担心哪天|迟早|早晚|随时可能|可能会|容易");
    private static final java.util.regex.Pattern HAPPENING = java.util.regex.Pattern.compile("正在|在(掉|往下|塌|冒|流|喷|烧|裂)|已经");
    /** What would happen, not what happens: "要砸到人的", "会砸到人". */
    private static final java.util.regex.Pattern WOULD = java.util.regex.Pattern.compile("(要|会)$");

    /**
     * An event danger named only as a fear ("堆满纸箱，着火咋整"): every occurrence is followed at once by
     * "what then" without 了 — a fire that is happening is "着火了".
     */
    private static boolean onlyFeared(String t, String w) {
        for (int i = t.indexOf(w); i >= 0; i = t.indexOf(w, i + 1)) {
            // "真着火了消防车都进不来", "万一起火": a fire supposed, not one burning
            if (SUPPOSED.matcher(t.substring(Math.max(0, i - 3), i)).find()) {
                continue;
            }
            // "就怕哪天倒下来砸到人", "掉下来要砸到人的": feared in the clause, or what would happen
            int clause = 0;
            for (int k = i - 1; k >= 0; k--) {
                if ("，,。！!？?；;：: ".indexOf(t.charAt(k)) >= 0) {
                    clause = k + 1;
                    break;
                }
            }
            String after = t.substring(i + w.length());
            if ((FEARED_IN_CLAUSE.matcher(t.substring(clause, i)).find()
                    || WOULD.matcher(t.substring(Math.max(0, i - 2), i)).find())
                    // "在掉石头 怕是要滑坡": what is happening already makes the feared worse at hand; "…着火了" has happened
                    && !HAPPENING.matcher(t.substring(0, i)).find() && !after.startsWith("了")
                    && !after.startsWith("起来了")) {
                continue;
            }
            if (!FEARED.matcher(t.substring(i + w.length())).find()) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern DENIED_EN = java.util.regex.Pattern.compile(
            "(\\b(nobody|no one|no-one)('s| is| was| got| has been)?|\\bnot|n't|\\bisn't|\\baren't|\\bwasn't) (been )?$");

    /** The phrase occurs and is not negated: "打不着火" is a stove that will not light, not a fire. */
    private static boolean affirmed(String t, String w) {
        for (int i = t.indexOf(w); i >= 0; i = t.indexOf(w, i + 1)) {
            char before = i == 0 ? ' ' : t.charAt(i - 1);
            // "nobody is trapped", "no one's hurt": an English danger word denied
            if (w.chars().allMatch(ch -> ch < 128) && DENIED_EN.matcher(t.substring(Math.max(0, i - 24), i)).find()) {
                continue;
            }
            if ("不没未冇无勿唔".indexOf(before) < 0) {
                return true;
            }
        }
        return false;
    }
}
