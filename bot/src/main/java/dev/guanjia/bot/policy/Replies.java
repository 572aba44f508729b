package dev.guanjia.bot.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.community.category.ServiceCategory;

import java.util.ArrayList;
import java.util.List;

/**
 * How the desk words what a tool returned, in the resident's language: amounts, dates, codes and
 * phone numbers are copied from the data, never made up. Used by the policy and by the offline
 * model alike, so a resident reads the same sentences whichever part answered.
 */
public final class Replies {

    private Replies() {
    }

    /** An article's first passages (as many as given) and its title as the source. */
    public static void quote(StringBuilder text, JsonNode data, int passages) {
        int quoted = 0;
        for (int i = 0; quoted < passages && i < data.path("passages").size(); i++) {
            String passage = data.path("passages").get(i).asText();
            text.append(passage).append('\n');
            // a lead-in ("可以用下面几种方式交：") introduces the passage after it and is not counted
            if (!passage.strip().endsWith("：") || i == data.path("passages").size() - 1) {
                quoted++;
            }
        }
        text.append("（来源：《").append(data.path("title").asText()).append("》）");
    }

    public static String privacyRefusal(Language l) {
        return l.say("抱歉，为保护业主隐私，我不能提供其他住户的姓名、电话、住址或账单等信息，也不能导出业主名单。"
                        + "如需联系对方（如挪车、漏水、噪音等），请告诉我具体情况，我为您登记，由物业工作人员代为联系、协调处理。",
                "Sorry, to protect residents' privacy I cannot give out another resident's name, phone, address or bills. "
                        + "If you need to reach them (a car to move, a leak, noise), tell me what is happening and I will register it: "
                        + "our staff will contact them for you and sort it out.");
    }

    public static String keypadMenu(Language l) {
        return l.say("您好，这里是物业服务热线。查账单请按1，报修请按2，查进度请按3，收听最新通知请按4，人工服务请按0。",
                "Hello, this is the property service line. Bills: press 1. Repairs: press 2. Order status: press 3. "
                        + "Current notices: press 4. A person: press 0.");
    }

    /**
     * The current notices found (at most three, the resident's building's first), each with its
     * days and buildings; "nothing current" for the phone line's key 4.
     */
    public static String notices(Language l, JsonNode d) {
        JsonNode list = d.path("notices");
        if (!"ok".equals(d.path("status").asText()) || list.isEmpty()) {
            return l.say("目前没有正在生效的通知公告。", "There are no current notices.");
        }
        // one notice is the answer itself, led by what it says; several are counted first
        StringBuilder s = new StringBuilder(list.size() == 1 ? "" : l.say("目前有" + list.size() + "条相关通知：",
                "There are " + list.size() + " current notices:"));
        int shown = 0;
        for (JsonNode n : list) {
            if (shown++ == 3) {
                s.append(l.say("\n另有" + (list.size() - 3) + "条通知，可在公告栏查看。",
                        "\n" + (list.size() - 3) + " more on the notice board."));
                break;
            }
            s.append(s.isEmpty() ? "" : "\n").append("【").append(n.path("label").asText()).append("】").append(n.path("title").asText())
                    .append(l.say("（" + daysAndBuildings(l, n) + "）：", " (" + daysAndBuildings(l, n) + "): "))
                    .append(withoutSalutation(n.path("body").asText()));
        }
        return s.toString();
    }

    /** The notice's text without its greeting lines ("各位住户：", "5号楼1单元住户："): no fact in them. */
    static String withoutSalutation(String body) {
        return java.util.Arrays.stream(body.split("\n", -1)).filter(line -> !SALUTATION.matcher(line.strip()).matches())
                .collect(java.util.stream.Collectors.joining("\n")).strip();
    }

    /**
     * A detail asked of a notice ("停到几点"): the notice named with its days and buildings, the passages of it
     * that answer first, then the rest of the notice in its own order — the fact asked leads, and nothing of
     * the notice (a timetable, a second date) is left out.
     */
    public static String noticeDetail(Language l, JsonNode notice, JsonNode found) {
        StringBuilder s = new StringBuilder();
        s.append("【").append(notice.path("label").asText()).append("】")
                .append(l.say("通知（" + daysAndBuildings(l, notice) + "）：\n", " notice (" + daysAndBuildings(l, notice) + "):\n"));
        // each passage is led by the whole line of the notice it comes from, so no sentence is cut or said twice
        String[] lines = withoutSalutation(notice.path("body").asText()).split("\n");
        String[] bareLines = java.util.Arrays.stream(lines).map(Replies::bare).toArray(String[]::new);
        java.util.Set<Integer> led = new java.util.LinkedHashSet<>();
        List<String> quoted = new ArrayList<>();
        for (JsonNode passage : found.path("passages")) {
            String q = bare(passage.asText());
            // the lines the passage holds (a short list quoted whole), else the one line holding it
            List<Integer> holds = new ArrayList<>();
            for (int i = 0; i < lines.length && !q.isEmpty(); i++) {
                if (bareLines[i].length() >= 4 && q.contains(bareLines[i])) {
                    holds.add(i);
                }
            }
            for (int i = 0; i < lines.length && holds.isEmpty() && !q.isEmpty(); i++) {
                if (bareLines[i].contains(q)) {
                    holds.add(i);
                }
            }
            if (holds.isEmpty()) {
                s.append(passage.asText().strip()).append('\n');
                quoted.add(q);
            }
            for (int i : holds) {
                if (led.add(i)) {
                    s.append(lines[i].replace("**", "").strip()).append('\n');
                }
            }
        }
        for (int i = 0; i < lines.length; i++) {
            String b = bareLines[i];
            // an introduction ("温馨提示：") whose list was led goes with it
            boolean introOfLed = b.matches(".*[：:]$") && i + 1 < lines.length && led.contains(i + 1);
            if (!b.isEmpty() && !led.contains(i) && !SALUTATION.matcher(b).matches() && !introOfLed
                    && quoted.stream().noneMatch(q -> q.contains(b))) {
                s.append(lines[i].replace("**", "").stripTrailing()).append('\n');
            }
        }
        return s.append(l.say("（来源：《" + notice.path("title").asText() + "》）", "(Source: " + notice.path("title").asText() + ")"))
                .toString();
    }

    /** When and where a notice applies: "12月2日至12月10日，全小区" / "2026-12-02 to 2026-12-10, all buildings". */
    private static String daysAndBuildings(Language l, JsonNode n) {
        String from = n.path("validFrom").asText();
        String until = n.path("validUntil").asText();
        List<String> buildings = new ArrayList<>();
        n.path("buildings").forEach(b -> buildings.add(b.asText()));
        return l.say(day(from) + (from.equals(until) ? "" : "至" + day(until)) + "，"
                        + (buildings.isEmpty() ? "全小区" : String.join("、", buildings) + "幢"),
                from + (from.equals(until) ? "" : " to " + until) + ", "
                        + (buildings.isEmpty() ? "all buildings" : "buildings " + String.join(", ", buildings)));
    }

    /** "各位居民：", "7号楼各租户：": the notice's greeting, which reads oddly once the answer leads. */
    private static final java.util.regex.Pattern SALUTATION = java.util.regex.Pattern.compile(
            "^[^，,。]{0,12}(各位|亲爱的|尊敬的)[^，,。]{0,10}(居民|业主|住户|租户|商户|邻居|朋友)(们)?[：:，,]?$"
                    + "|^[^，,。！？!?\\s]{0,14}(居民|业主|住户|租户|商户)(们)?[：:]$");

    /** A line as compared with a quoted passage: no emphasis, list marks or spaces. */
    private static String bare(String line) {
        return line.replaceAll("[*_`#>\\s]|^[-·•]+", "").strip();
    }

    /** "2026-12-04" → "12月4日". */
    private static String day(String iso) {
        try {
            java.time.LocalDate d = java.time.LocalDate.parse(iso);
            return d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    public static String noAnswer(Language l, JsonNode search) {
        StringBuilder text = new StringBuilder(l.say("抱歉，这个问题我暂时没有找到确切的答案。",
                "Sorry, I could not find an answer to that in our service guide."));
        if (search.hasNonNull("servicePhone")) {
            String phone = search.get("servicePhone").asText();
            String hours = search.hasNonNull("officeHours") ? search.get("officeHours").asText() : null;
            text.append(l.say("您可以拨打物业服务电话" + phone + (hours == null ? "" : "（" + hours + "）") + "咨询，",
                    " You can call the service centre on " + phone + (hours == null ? "" : " (" + hours + ")") + ", "));
        } else if (l.english()) {
            text.append(' ');
        }
        text.append(l.say("或回复“转人工”由客服为您处理。", "or reply \"agent\" and a person will take over."));
        // out of hours nobody answers the service phone: the 24-hour line is always said beside it
        if (search.hasNonNull("emergencyPhone") && !text.toString().contains(search.path("emergencyPhone").asText())) {
            text.append(l.say("夜间或紧急情况请拨打24小时应急电话" + search.get("emergencyPhone").asText() + "。",
                    " At night or in an emergency, call the 24-hour line " + search.get("emergencyPhone").asText() + "."));
        }
        return text.toString();
    }

    /**
     * The bills, led by the subtotal of the fee the resident named when they asked about one
     * ("停车位管理费还欠几个月": that fee's months and sum first, then everything outstanding).
     */
    public static String bills(Language l, JsonNode d, String question) {
        String all = bills(l, d);
        String named = namedFee(l, d, question == null ? "" : question);
        return named.isEmpty() ? all : named + "\n" + all;
    }

    /**
     * The outstanding bills of the fee items the question names: an item whose name the question
     * contains, or shares two of its two-character words with (地面停车位管理费 ~ 停车位管理费). Empty when
     * no item, or every item, is named: then the whole list answers.
     */
    private static String namedFee(Language l, JsonNode d, String question) {
        java.util.Map<String, java.math.BigDecimal> sums = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (JsonNode h : d.path("houses")) {
            for (JsonNode b : h.path("outstanding")) {
                String item = b.path("item").asText();
                try {
                    sums.merge(item, new java.math.BigDecimal(b.path("amount").asText("0")), java.math.BigDecimal::add);
                } catch (NumberFormatException e) {
                    return "";
                }
                counts.merge(item, 1, Integer::sum);
            }
        }
        List<String> named = sums.keySet().stream().filter(item -> names(question, item)).toList();
        if (named.isEmpty() || named.size() == sums.size()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String item : named) {
            String sum = sums.get(item).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
            parts.add(l.say(item + "待缴" + counts.get(item) + "笔，共" + sum + "元",
                    item + ": " + counts.get(item) + " unpaid, " + sum + " yuan"));
        }
        return l.say("您问的" + String.join("；", parts) + "。", "You asked about " + String.join("; ", parts) + ".");
    }

    private static boolean names(String question, String item) {
        if (item.length() >= 2 && question.contains(item)) {
            return true;
        }
        int shared = 0;
        for (int i = 0; i + 2 <= item.length(); i++) {
            if (question.contains(item.substring(i, i + 2))) {
                shared++;
            }
        }
        return shared >= 2;
    }

    public static String bills(Language l, JsonNode d) {
        switch (d.path("status").asText()) {
            case "identity_required" -> {
                return l.say("查询账单需要先验证您的身份：" + howToVerify(l, d.path("channel").asText(""))
                                + "为保护业主隐私，我不能根据房号、姓名或电话直接提供账单。",
                        "To look up bills I need to know it is you: " + howToVerify(l, d.path("channel").asText(""))
                                + " For privacy I cannot give bills by a room number or name.");
            }
            case "not_yours" -> {
                return l.say("为保护业主隐私，只能查询您本人名下房屋的账单，" + d.path("house").asText() + "不在您的名下，无法为您查询。",
                        "For privacy I can only show bills of your own homes; " + d.path("house").asText()
                                + " is not registered to you.");
            }
            default -> {
            }
        }
        StringBuilder s = new StringBuilder();
        JsonNode houses = d.path("houses");
        for (JsonNode h : houses) {
            JsonNode out = h.path("outstanding");
            s.append(h.path("house").asText()).append(l.say("：", ": "));
            if (out.isEmpty()) {
                s.append(l.say("目前没有欠费，费用已缴清。", "nothing outstanding, all paid."));
            } else {
                s.append(l.say("待缴" + out.size() + "笔，合计" + h.path("total").asText() + "元：\n",
                        out.size() + " unpaid, " + h.path("total").asText() + " yuan in total:\n"));
                for (JsonNode b : out) {
                    boolean overdue = "overdue".equals(b.path("status").asText());
                    s.append("· ").append(b.path("item").asText()).append(" ").append(period(b.path("period").asText()))
                            .append(l.say("：", ": ")).append(b.path("amount").asText()).append(l.say("元（", " yuan ("))
                            .append(b.path("calculation").asText()).append(l.say("），", "), due "))
                            .append(b.path("due").asText()).append(l.say("到期", ""))
                            .append(overdue ? l.say("，已逾期", ", overdue") : "").append("\n");
                }
            }
            JsonNode paid = h.path("latestPaid");
            if (!paid.isEmpty()) {
                s.append(l.say("最近已缴：", "Latest paid: "));
                List<String> parts = new ArrayList<>();
                paid.forEach(p -> parts.add(l.say(p.path("item").asText() + "交至" + period(p.path("period").asText())
                                + "（" + p.path("amount").asText() + "元）",
                        p.path("item").asText() + " up to " + p.path("period").asText() + " (" + p.path("amount").asText()
                                + " yuan)")));
                s.append(String.join(l.say("；", "; "), parts)).append(l.say("。\n", ".\n"));
            }
        }
        if (houses.size() > 1) {
            s.append(l.say("名下房屋合计待缴" + d.path("total").asText() + "元。",
                    "Total outstanding for your homes: " + d.path("total").asText() + " yuan."));
        }
        if (!d.path("total").asText("0").matches("0(\\.0+)?")) {
            s.append(d.path("payOnline").asBoolean(false)
                    ? l.say("回复“缴费”即可在这里用微信支付。", " Reply \"pay\" to pay here with WeChat Pay.")
                    : l.say("可通过公众号或物业服务中心缴纳。", " You can pay in the WeChat account or at the service centre."));
        }
        return s.toString().strip();
    }

    /**
     * A payment offered for the resident's unpaid bills: what it covers, the total, and how to pay in
     * their channel (the web chat's button, the official account's link, a text message on the phone).
     */
    public static String payment(Language l, JsonNode d) {
        return payment(l, d, false);
    }

    /**
     * As above; {@code beside} when the resident only asked how to pay and the offer follows the ways and their bills:
     * the total and the way to pay here, not the list again, and not as a payment they asked for.
     */
    public static String payment(Language l, JsonNode d, boolean beside) {
        switch (d.path("status").asText()) {
            case "identity_required" -> {
                return l.say("缴费需要先验证您的身份：" + howToVerify(l, d.path("channel").asText(""))
                                + "验证后我会列出您名下的待缴费用，直接在这里支付。",
                        "To pay I need to know it is you: " + howToVerify(l, d.path("channel").asText(""))
                                + " Then I will list your unpaid bills and you can pay here.");
            }
            case "not_yours" -> {
                return l.say("只能为您本人名下的房屋缴费，" + d.path("house").asText() + "不在您的名下。",
                        "I can only take payment for your own homes; " + d.path("house").asText() + " is not registered to you.");
            }
            case "nothing_due" -> {
                List<String> items = new ArrayList<>();
                d.path("named").forEach(n -> items.add(n.asText()));
                return items.isEmpty()
                        ? l.say("您名下房屋目前没有待缴费用，无需缴费。", "You have nothing to pay at the moment: all bills are paid.")
                        : l.say("您名下的" + String.join("、", items) + "目前没有待缴的账单，无需缴费。需要查看全部账单请回复“查账单”。",
                        "Your " + String.join(", ", items) + " has nothing unpaid. Reply \"bills\" to see all of them.");
            }
            case "offered" -> {
            }
            default -> {
                return bills(l, d);
            }
        }
        JsonNode bills = d.path("bills");
        String total = d.path("total").asText();
        if (beside) {
            // after the bills just listed: the total and the way to pay them here, not the list again
            StringBuilder s = new StringBuilder(l.say("以上待缴合计" + total + "元，", "Those unpaid bills come to " + total + " yuan. "));
            switch (d.path("channel").asText()) {
                case "wechat" -> s.append(l.say("也可以点击链接直接用微信支付：", "You can also pay them with WeChat Pay here: "))
                        .append(d.path("link").asText());
                case "voice" -> s.append(l.say("需要的话我们可以把缴费链接用短信发到您的手机上。", "We can text you the payment link if you like."));
                default -> s.append(l.say("也可以点击下方“去支付 ¥" + total + "”直接支付。", "You can also press \"Pay ¥" + total + "\" below to pay them here."));
            }
            return s.toString();
        }
        StringBuilder s = new StringBuilder(l.say("为您生成缴费单：共" + bills.size() + "笔，合计" + total + "元。\n",
                "Your payment: " + bills.size() + " bill(s), " + total + " yuan in total.\n"));
        for (JsonNode b : bills) {
            s.append("· ").append(b.path("house").asText()).append(' ').append(b.path("item").asText()).append(' ')
                    .append(period(b.path("period").asText())).append(l.say("：", ": ")).append(b.path("amount").asText())
                    .append(l.say("元", " yuan")).append('\n');
        }
        switch (d.path("channel").asText()) {
            case "wechat" -> s.append(l.say("点击链接用微信支付：", "Tap to pay with WeChat Pay: ")).append(d.path("link").asText());
            case "voice" -> s.append(l.say("我们可以把缴费链接用短信发到您的手机上。", "We can text the payment link to your phone."));
            default -> s.append(l.say("点击下方“去支付 ¥" + total + "”，用微信扫码即可支付。",
                    "Press \"Pay ¥" + total + "\" below and scan the code with WeChat."));
        }
        return s.toString();
    }

    /** "2026-Q3" reads "2026-Q3（2026年第三季度）", "2026-10" reads "2026-10（2026年10月）". */
    public static String period(String p) {
        String[] q = {"", "第一季度", "第二季度", "第三季度", "第四季度"};
        if (p.matches("\\d{4}-Q[1-4]")) {
            return p + "（" + p.substring(0, 4) + "年" + q[p.charAt(6) - '0'] + "）";
        }
        if (p.matches("\\d{4}-H[12]")) {
            return p + "（" + p.substring(0, 4) + "年" + (p.endsWith("1") ? "上半年" : "下半年") + "）";
        }
        if (p.matches("\\d{4}-\\d{2}")) {
            return p + "（" + p.substring(0, 4) + "年" + Integer.parseInt(p.substring(5)) + "月）";
        }
        if (p.matches("\\d{4}")) {
            return p + "年度";
        }
        return p;
    }

    public static String created(Language l, JsonNode o) {
        String code = o.path("category").asText();
        String category = ServiceCategory.ofCode(code).map(ServiceCategory::label).orElse("");
        // a trade's fault is a repair; a car in one's space, litter or a tree is a matter for staff, not a technician
        boolean trade = java.util.Set.of("plumbing", "electrical", "elevator", "door_access", "public_facility", "other")
                .contains(code);
        String kind = "complaint".equals(code) ? l.say("投诉", "complaint") : "suggestion".equals(code)
                ? l.say("建议", "suggestion") : trade ? l.say("报修", "repair request") : l.say("", "report");
        boolean urgent = "emergency".equals(o.path("priority").asText());
        StringBuilder s = new StringBuilder(l.say("已为您登记" + kind + "，单号" + o.path("code").asText() + "（" + category
                        + (urgent ? "，紧急" : "") + "）。",
                "Your " + kind + " is registered, order " + o.path("code").asText() + " (" + code.replace('_', ' ')
                        + (urgent ? ", urgent" : "") + ")."));
        if (o.hasNonNull("appointment")) {
            s.append(l.say("上门时间：" + o.path("appointment").asText() + "。", " Visit: " + o.path("appointment").asText() + "."));
        }
        if (o.hasNonNull("assigneeName")) {
            s.append(l.say("已安排" + o.path("assigneeName").asText() + "负责处理，",
                    " " + o.path("assigneeName").asText() + " will handle it and "));
        } else {
            s.append(l.say("正在为您安排工作人员，", trade ? " We are assigning a technician, who " : " We are assigning staff, who "));
        }
        s.append(l.say("会尽快与您联系。", "will contact you soon."));
        // a repair in a home or shop registered before a visit time was said: the time can still be given here
        if (!o.hasNonNull("appointment") && !o.path("house").asText("").isEmpty()
                && java.util.Set.of("plumbing", "electrical", "door_access", "other").contains(code)) {
            s.append(l.say("方便的话告诉我什么时间有人在，我帮您约好上门时间。",
                    " Tell me when someone will be in and I will book the visit."));
        }
        if (o.hasNonNull("dutyPhone")) {
            s.append(l.say("情况加重或等不及的，请拨打24小时值班电话" + o.path("dutyPhone").asText() + "。",
                    " If it gets worse, call the 24-hour duty line " + o.path("dutyPhone").asText() + "."));
        }
        return s.toString();
    }

    /**
     * A complaint or suggestion recorded: its number, who answers it (the supervisor, a role) and by
     * when, in the community's time; a repeat is said to be followed up with the first.
     */
    public static String complaintFiled(Language l, JsonNode d) {
        JsonNode o = d.path("order");
        boolean suggestion = "suggestion".equals(d.path("kind").asText());
        String code = o.path("code").asText();
        StringBuilder s = new StringBuilder(suggestion
                ? l.say("感谢您的建议，已记录（单号" + code + "），由物业客服主管负责答复",
                "Thank you, your suggestion is recorded (" + code + "); the customer-service supervisor will answer it")
                : l.say("已记录您的投诉（单号" + code + "），您的原话已转给物业客服主管，由主管负责处理",
                "Your complaint is recorded (" + code + ") in your own words and passed to the customer-service "
                        + "supervisor, who handles it"));
        if (d.hasNonNull("answerBy")) {
            s.append(suggestion ? l.say("，" + d.path("closeBy").asText() + "前给您回复。",
                            " by " + d.path("closeByEn").asText() + ".")
                    : l.say("，" + d.path("answerBy").asText() + "前给您首次答复，" + d.path("closeBy").asText() + "前办结。",
                    ": a first answer by " + d.path("answerByEn").asText() + ", settled by " + d.path("closeByEn").asText() + "."));
        } else {
            s.append(l.say("。", "."));
        }
        if (d.hasNonNull("linkedTo")) {
            s.append(l.say("您反映的问题此前已有登记（单号" + d.path("linkedTo").asText() + "），会一并跟进。",
                    " The same matter was reported before (" + d.path("linkedTo").asText() + "); both are followed up together."));
        }
        return s.append(l.say("答复会发到这里。", " The answer will come here.")).toString();
    }

    /** The resident's 回访 recorded. */
    public static String followUpRecorded(Language l, JsonNode d) {
        if (!"ok".equals(d.path("status").asText())) {
            return d.path("message").asText(l.say("暂时没有需要您评价的答复。", "There is no answer waiting for your feedback."));
        }
        if (d.path("resolved").isBoolean() && !d.path("resolved").asBoolean()) {
            return l.say("收到，问题还没解决，已转告物业主管继续跟进（单号" + d.path("id").asText() + "）。",
                    "Noted: not resolved yet. The supervisor has been told to follow up (" + d.path("id").asText() + ").");
        }
        return l.say("感谢您的回访评价，已记录（单号" + d.path("id").asText() + "）。",
                "Thank you for your feedback, it is recorded (" + d.path("id").asText() + ").");
    }

    /** One order's state, or a list to choose from when the resident has several open ones. */
    public static String status(Language l, JsonNode d) {
        if (d.path("status").asText().equals("identity_required")) {
            return l.say("查询工单需要先验证您的身份：" + howToVerify(l, d.path("channel").asText("")),
                    "To look up your orders I need to know it is you: " + howToVerify(l, d.path("channel").asText("")));
        }
        JsonNode orders = d.path("orders");
        if (orders.isEmpty()) {
            return l.say("没有查到您名下的工单。如需报修，请直接告诉我哪里有问题。",
                    "I found no orders of yours. To report a problem, just tell me what is wrong.");
        }
        if (d.path("choose").asBoolean(false) && orders.size() > 1) {
            StringBuilder s = new StringBuilder(l.say("您有" + orders.size() + "张处理中的工单：\n",
                    "You have " + orders.size() + " open orders:\n"));
            for (JsonNode o : orders) {
                s.append("· ").append(line(l, o)).append('\n');
            }
            return s.append(l.say("您问的是哪一张？回复单号或说一下是什么问题。", "Which one do you mean? Reply with its number or what it was about."))
                    .toString();
        }
        StringBuilder s = new StringBuilder(l.say("您的工单", "Your order ")).append(line(l, orders.get(0)));
        if ("pending_acceptance".equals(orders.get(0).path("status").asText())) {
            s.append(l.say("维修已完工，请您验收确认。", " The work is done; please check and confirm."));
        }
        return s.toString();
    }

    private static String line(Language l, JsonNode o) {
        StringBuilder s = new StringBuilder(o.path("code").asText()).append(l.say("「", " \"")).append(o.path("title").asText())
                .append(l.say("」目前状态：", "\": ")).append(l.say(o.path("statusLabel").asText(), o.path("status").asText().replace('_', ' ')));
        if (o.hasNonNull("assigneeName")) {
            s.append(l.say("，由" + o.path("assigneeName").asText() + "负责", ", handled by " + o.path("assigneeName").asText()));
        }
        if (o.hasNonNull("appointment")) {
            s.append(l.say("，预约上门" + o.path("appointment").asText(), ", visit " + o.path("appointment").asText()));
        }
        return s.append(l.say("。", ".")).toString();
    }

    /** Several orders could be meant: the resident picks one before anything is changed. */
    public static String whichOrder(Language l, JsonNode d, String what) {
        StringBuilder s = new StringBuilder(l.say("您有多张可以" + what + "的工单：\n", "Several orders could be meant:\n"));
        for (JsonNode o : d.path("orders")) {
            s.append("· ").append(o.path("code").asText()).append(l.say("「", " \"")).append(o.path("title").asText())
                    .append(l.say("」", "\"")).append('\n');
        }
        return s.append(l.say("请回复要" + what + "的单号，或说一下是哪个问题。", "Which one? Reply with the order number or what it was about."))
                .toString();
    }

    public static String whichHouse(Language l, JsonNode d) {
        List<String> houses = new ArrayList<>();
        d.path("houses").forEach(h -> houses.add(h.asText()));
        return l.say("您名下有" + houses.size() + "套房屋（" + String.join("、", houses) + "），请问是哪一套需要处理？",
                "You have " + houses.size() + " homes (" + String.join(", ", houses) + "). Which one is it about?");
    }

    public static String cancelled(Language l, JsonNode d) {
        return switch (d.path("status").asText()) {
            case "ok" -> l.say("已为您取消工单" + d.get("order").path("code").asText() + "「" + d.get("order").path("title").asText() + "」。",
                    "Order " + d.get("order").path("code").asText() + " is cancelled.");
            case "none" -> l.say("没有找到可以取消的工单。已经完工待验收的工单请回复“转人工”由客服协助。",
                    "I found no order that can still be cancelled. For one already finished, reply \"agent\".");
            case "choose" -> whichOrder(l, d, "取消");
            default -> refusal(l, d, l.say("取消工单", "cancel the order"));
        };
    }

    /** A visit time set on an order already registered: the order and its window. */
    public static String scheduled(Language l, JsonNode d) {
        return switch (d.path("status").asText()) {
            case "ok" -> l.say("好的，已为工单" + d.get("order").path("code").asText() + "约好上门时间："
                            + d.get("order").path("appointment").asText() + "，师傅会按时上门，有变化会先联系您。",
                    "Done: the visit for order " + d.get("order").path("code").asText() + " is set for "
                            + d.get("order").path("appointment").asText() + "; the technician will call if anything changes.");
            case "no_time" -> l.say("请说一下哪天、大概几点家里有人，比如“明天上午”。",
                    "Which day and roughly what time is someone home, e.g. \"tomorrow morning\"?");
            case "none" -> l.say("没有找到需要约上门时间的工单。", "I found no open order to set a visit time for.");
            case "choose" -> whichOrder(l, d, "约上门时间");
            default -> refusal(l, d, l.say("约上门时间", "set the visit time"));
        };
    }

    public static String detailed(Language l, JsonNode d, String said) {
        return switch (d.path("status").asText()) {
            case "ok" -> l.say("好的，已把您补充的情况记到工单" + d.get("order").path("code").asText() + "：" + said
                            + "。师傅出发前会电话跟您确认。",
                    "Thanks, added to order " + d.get("order").path("code").asText() + ": " + said
                            + ". The technician will call you before coming.");
            case "none" -> l.say("没有找到可以补充说明的进行中工单。", "I found no open order to add this to.");
            case "choose" -> whichOrder(l, d, "补充说明");
            default -> refusal(l, d, l.say("补充说明", "add to the order"));
        };
    }

    public static String rated(Language l, JsonNode d) {
        return switch (d.path("status").asText()) {
            case "ok" -> l.say("感谢您的评价！工单" + d.get("order").path("code").asText() + "已记录"
                            + d.get("order").path("rating").asText() + "星，我们会转达给服务人员。",
                    "Thank you! Order " + d.get("order").path("code").asText() + " is rated "
                            + d.get("order").path("rating").asText() + " stars.");
            case "none" -> l.say("没有找到可以评价的已完成工单。", "I found no finished order to rate.");
            case "already_rated" -> l.say("工单" + d.get("order").path("code").asText() + "「" + d.get("order").path("title").asText()
                            + "」已经评价过（" + d.get("order").path("rating").asText() + "星），每张工单只能评价一次。"
                            + "还有意见可以直接告诉我，我转给客服主管。",
                    "Order " + d.get("order").path("code").asText() + " was already rated (" + d.get("order").path("rating").asText()
                            + " stars); each order is rated once. Tell me anything else and I will pass it to the supervisor.");
            case "choose" -> whichOrder(l, d, "评价");
            default -> refusal(l, d, l.say("评价", "rate"));
        };
    }

    /**
     * The resident's next word after an emergency was taken ("进水阀拧紧了，师傅快来"): the same order, who comes,
     * and the duty line if it cannot wait. {@code asked}: a question was put ("多久能到").
     */
    public static String emergencyFollowUp(Language l, JsonNode d, boolean asked) {
        JsonNode o = d.path("order");
        if (!"ok".equals(d.path("status").asText()) || o.isMissingNode()) {
            return l.say("已通知值班人员和人工客服跟进您的紧急情况。", "The duty staff and an agent are following your emergency.");
        }
        String category = ServiceCategory.ofCode(o.path("category").asText()).map(ServiceCategory::label).orElse("");
        StringBuilder s = new StringBuilder(l.say("收到。您的紧急报修已登记，单号" + o.path("code").asText() + "（" + category + "，紧急），",
                "Noted. Your emergency repair is registered, order " + o.path("code").asText() + " (urgent); "));
        s.append(o.hasNonNull("assigneeName")
                ? l.say("已通知" + o.path("assigneeName").asText() + "尽快上门，", o.path("assigneeName").asText() + " is on the way and ")
                : l.say("值班人员会尽快上门，", "the duty staff will come as soon as possible and "));
        s.append(l.say("人工客服也在跟进。", "an agent is following it."));
        if (asked) {
            s.append(l.say("师傅出发前会先打电话给您。", " The technician will call you before coming."));
        }
        if (d.hasNonNull("emergencyPhone")) {
            s.append(l.say("情况有变化或等不及，请直接拨打24小时应急电话" + d.get("emergencyPhone").asText() + "。",
                    " If it changes or cannot wait, call the 24-hour emergency line " + d.get("emergencyPhone").asText() + "."));
        }
        return s.toString();
    }

    /**
     * An emergency: the emergency phone first, then the piece of the emergency article that answers
     * what was said (when the article's opening does not start with it), then the article's opening
     * steps in their own order and numbering, the order opened and who was alerted.
     */
    public static String emergency(Language l, JsonNode d) {
        StringBuilder s = new StringBuilder(l.say("⚠️ 紧急情况，请先确保人身安全！", "⚠️ Emergency: get yourself safe first! "));
        // a gas smell: what to do first comes before any call, which is made from outside
        boolean gasFirst = d.path("passages").isEmpty() && "GAS".equals(d.path("danger").asText());
        if (gasFirst) {
            s.append('\n').append(l.say(Danger.GAS.firstSteps(), Danger.GAS.firstStepsEn())).append('\n');
        }
        if (d.hasNonNull("emergencyPhone")) {
            s.append(l.say((gasFirst ? "到室外后" : "") + "请立即拨打物业24小时应急电话" + d.get("emergencyPhone").asText() + "。",
                    (gasFirst ? "Once outside, call" : "Call") + " the 24-hour emergency line now: "
                            + d.get("emergencyPhone").asText() + "."));
        }
        s.append('\n');
        List<String> steps = new ArrayList<>();
        d.path("passages").forEach(p -> steps.add(unmarked(p.asText())));
        if (steps.isEmpty() && d.hasNonNull("danger") && !gasFirst) {
            Danger danger = Danger.valueOf(d.get("danger").asText());
            s.append(l.say(danger.firstSteps(), danger.firstStepsEn())).append('\n');
        }
        for (int i = 0; i + 1 < steps.size(); i++) {
            // the line introducing the steps, cut to its last clause ("请立刻按下面的顺序做："): what
            // happened the resident knows, the steps and the phone come sooner
            String line = steps.get(i).strip();
            String next = steps.get(i + 1).strip();
            // the steps may start under a sub-heading of their own ("自来水管爆了：")
            boolean stepsFollow = next.matches("(?s)^(1[.、．]|一、).*") || next.endsWith("：") && i + 2 < steps.size()
                    && steps.get(i + 2).strip().matches("(?s)^(1[.、．]|一、).*");
            if (line.endsWith("：") && stepsFollow) {
                steps.set(i, line.substring(Math.max(line.lastIndexOf('，'), line.lastIndexOf('。')) + 1));
            }
        }
        String asked = unmarked(d.path("lead").asText("")).strip();
        String lead = !asked.isEmpty() && steps.stream().limit(2).noneMatch(x -> x.contains(asked)) ? asked : "";
        if (!lead.isEmpty()) {
            // a later item read first loses its number when numbered steps follow: "5. … 1. 2. 3." misleads
            boolean numberedFollow = steps.stream().anyMatch(x -> !x.strip().equals(lead)
                    && dev.guanjia.knowledge.search.Passage.listNumber(x) > 0);
            s.append(numberedFollow ? dev.guanjia.knowledge.search.Passage.withoutListNumber(lead) : lead).append('\n');
        }
        for (String step : steps) {
            if (lead.isEmpty() || !step.strip().equals(lead)) {
                s.append(step).append('\n');
            }
        }
        if (d.hasNonNull("order") && d.get("order").hasNonNull("code")) {
            s.append(l.say("已为您创建紧急工单" + d.get("order").path("code").asText() + "，",
                    "Emergency order " + d.get("order").path("code").asText() + " is open; "));
        }
        s.append(l.say("已通知值班人员和人工客服跟进。", "the duty staff and an agent have been alerted."));
        if (d.hasNonNull("title")) {
            s.append(l.say("（来源：《", " (source: 《")).append(d.get("title").asText()).append(l.say("》）", "》)"));
        }
        return s.toString();
    }

    /** Markdown emphasis out of a quoted line: a chat shows it as asterisks. */
    private static String unmarked(String line) {
        return line.replace("**", "").replace("__", "");
    }

    /** What the resident hears after asking for a person: the wait, or the promised call back. */
    public static String handOff(Language l, JsonNode data) {
        StringBuilder text = new StringBuilder();
        if ("callback".equals(data.path("status").asText())) {
            text.append(l.say("好的，您的问题已转给人工客服。现在暂时没有客服在线，我们已为您登记回电，客服会尽快联系您，不用重复说明情况。",
                    "OK, your request is passed to our staff. No agent is online right now, so a call back is booked: "
                            + "an agent will contact you soon, with everything you said here. "));
            if (data.hasNonNull("officeHours")) {
                text.append(l.say("人工服务时间：" + data.get("officeHours").asText() + "。",
                        "Staffed hours: " + data.get("officeHours").asText() + ". "));
            }
        } else if ("reply_here".equals(data.path("status").asText())) {
            // no number to call: promise only what will happen, a reply in this chat
            if ("voice".equals(data.path("channel").asText())) {
                text.append(l.say("现在暂时没有客服在线，您的来电没有显示号码，我们没法给您回电，请在人工服务时间再拨打本热线。",
                        "No agent is online right now and your number is hidden, so we cannot call you back; "
                                + "please call again during staffed hours. "));
            } else {
                text.append(l.say("好的，您的问题已转给人工客服。现在暂时没有客服在线，已为您留言，客服上线后会直接在这里回复您，"
                                + "不用重复说明情况。",
                        "OK, your request is passed to our staff. No agent is online right now; an agent will reply "
                                + "here in this chat, with everything you said. "));
            }
            if (data.hasNonNull("officeHours")) {
                text.append(l.say("人工服务时间：" + data.get("officeHours").asText() + "。",
                        "Staffed hours: " + data.get("officeHours").asText() + ". "));
            }
        } else {
            text.append(l.say("好的，已为您转接人工客服，工作人员会看到您之前说的全部内容，不用重复说明情况。",
                    "OK, I am passing you to a person; they will see everything you said here. "));
            int ahead = data.path("waiting").asInt(0);
            int minutes = data.path("expectedMinutes").asInt(-1);
            if (minutes > 0) {
                text.append(l.say((ahead > 1 ? "前面还有" + (ahead - 1) + "位，" : "") + "预计等待约" + minutes + "分钟。",
                        "Expected wait about " + minutes + " min. "));
            }
            if (data.path("offerCallback").asBoolean(false)) {
                text.append(l.say("如不想等待，回复“回电”，客服稍后主动联系您。", "Reply \"call back\" if you prefer a call. "));
            }
        }
        if (data.hasNonNull("servicePhone")) {
            text.append(l.say("紧急的话也可以直接拨打物业服务电话" + data.get("servicePhone").asText() + "。",
                    "If it is urgent, call " + data.get("servicePhone").asText() + "."));
        }
        return text.toString().strip();
    }

    /**
     * Exactly what to do to be recognised, on the channel the resident writes from: in WeChat they
     * send their phone number here (or name and house when no code can reach them).
     */
    public static String howToVerify(Language l, String channel) {
        return switch (channel) {
            case "wechat" -> l.say("请直接发送您在物业登记的手机号，我们会发验证码给您，回复验证码即可完成绑定。"
                            + "登记的是座机或手机号已更换的，请发送房号和姓名，例如“我是3栋2单元501室的张三”，服务中心核实后为您绑定。",
                    "send the mobile number registered with the property office here and reply with the code we text "
                            + "you. If a landline is on record, send your building, unit, room and name; the service "
                            + "centre will confirm.");
            case "web" -> l.say("请在本页面用您在物业登记的手机号获取验证码登录。",
                    "sign in on this page with the code texted to your registered mobile number.");
            default -> l.say("请用您在物业登记的手机号获取验证码登录网页版，或在公众号对话里发送登记的手机号完成绑定。",
                    "sign in to the web chat with the code texted to your registered mobile number, or send that number "
                            + "in the WeChat account's chat.");
        };
    }

    public static String refusal(Language l, JsonNode d, String what) {
        if ("identity_required".equals(d.path("status").asText())) {
            return l.say(what + "需要先验证您的身份：" + howToVerify(l, d.path("channel").asText("")),
                    "To " + what + " I need to know it is you: " + howToVerify(l, d.path("channel").asText("")));
        }
        return d.path("message").asText(l.say("暂时无法" + what + "，请稍后再试或回复“转人工”。",
                "I could not " + what + " just now; try again or reply \"agent\"."));
    }
}
