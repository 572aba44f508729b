package dev.guanjia.ticketing.classify;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.ticketing.workorder.Priority;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Free text to category and priority by domain rules. Danger words force emergency whatever else
 * is said, because a gas smell reported as "a small question" is still a gas leak. The agent may
 * refine a category later; priority never drops below what these rules found.
 */
public final class Classifier {

    /** Danger to people or property: always emergency. */
    private static final Map<String, ServiceCategory> EMERGENCY = new LinkedHashMap<>();
    /** Without water, power or lift, or damage spreading: high. */
    private static final List<String> HIGH = List.of("漏水", "渗水", "停水", "没水", "停电", "没电", "跳闸",
            "电梯坏", "电梯停", "电梯不动", "下水道堵", "马桶堵", "门打不开", "进不了门", "冒水", "堵死");
    private static final List<String> LOW = List.of("建议", "希望", "能不能增加", "可否");
    /** Category words, checked in this order: the first group that matches wins. */
    private static final Map<ServiceCategory, List<String>> CATEGORY = new LinkedHashMap<>();

    static {
        // the smell or leak is the danger; "燃气怎么开通" is a question, not an emergency
        EMERGENCY.put("燃气味", ServiceCategory.PLUMBING);
        EMERGENCY.put("煤气味", ServiceCategory.PLUMBING);
        EMERGENCY.put("天然气味", ServiceCategory.PLUMBING);
        EMERGENCY.put("燃气泄漏", ServiceCategory.PLUMBING);
        EMERGENCY.put("煤气泄漏", ServiceCategory.PLUMBING);
        EMERGENCY.put("闻到燃气", ServiceCategory.PLUMBING);
        EMERGENCY.put("闻到煤气", ServiceCategory.PLUMBING);
        EMERGENCY.put("漏气", ServiceCategory.PLUMBING);
        EMERGENCY.put("漏电", ServiceCategory.ELECTRICAL);
        EMERGENCY.put("触电", ServiceCategory.ELECTRICAL);
        EMERGENCY.put("电线冒烟", ServiceCategory.ELECTRICAL);
        EMERGENCY.put("冒烟", ServiceCategory.ELECTRICAL);
        EMERGENCY.put("电梯困人", ServiceCategory.ELEVATOR);
        EMERGENCY.put("困在电梯", ServiceCategory.ELEVATOR);
        EMERGENCY.put("被困电梯", ServiceCategory.ELEVATOR);
        EMERGENCY.put("关在电梯", ServiceCategory.ELEVATOR);
        EMERGENCY.put("着火", ServiceCategory.SECURITY);
        EMERGENCY.put("失火", ServiceCategory.SECURITY);
        EMERGENCY.put("起火", ServiceCategory.SECURITY);
        EMERGENCY.put("火灾", ServiceCategory.SECURITY);
        EMERGENCY.put("水淹", ServiceCategory.PLUMBING);
        EMERGENCY.put("淹水", ServiceCategory.PLUMBING);
        EMERGENCY.put("水漫", ServiceCategory.PLUMBING);
        EMERGENCY.put("爆管", ServiceCategory.PLUMBING);
        EMERGENCY.put("水管爆", ServiceCategory.PLUMBING);
        EMERGENCY.put("水管破裂", ServiceCategory.PLUMBING);

        CATEGORY.put(ServiceCategory.ELEVATOR, List.of("电梯", "升降梯", "轿厢"));
        CATEGORY.put(ServiceCategory.DOOR_ACCESS, List.of("门禁", "门卡", "门锁", "单元门", "对讲", "刷卡", "刷脸",
                "道闸"));
        // shared lighting and fittings belong to the estate, not to a household's wiring
        CATEGORY.put(ServiceCategory.PUBLIC_FACILITY, List.of("路灯", "楼道灯", "楼道的灯", "楼道里的灯", "走廊灯",
                "楼梯灯", "楼梯间的灯", "电梯厅的灯", "健身器材", "座椅", "井盖", "台阶", "栏杆", "信报箱", "公共设施", "外墙",
                "屋顶", "楼顶"));
        CATEGORY.put(ServiceCategory.PLUMBING, List.of("水管", "漏水", "渗水", "下水", "马桶", "水龙头", "地漏",
                "堵塞", "堵了", "水表", "水压", "没水", "停水", "热水", "暖气", "燃气", "煤气", "管道", "阀门"));
        CATEGORY.put(ServiceCategory.ELECTRICAL, List.of("电路", "停电", "没电", "跳闸", "插座", "开关", "灯",
                "电线", "电表", "漏电", "线路", "电箱"));
        CATEGORY.put(ServiceCategory.PARKING, List.of("车位", "停车", "车库", "挡住", "占道", "乱停", "充电桩"));
        CATEGORY.put(ServiceCategory.NOISE, List.of("噪音", "吵", "太响", "扰民", "装修声", "广场舞", "狗叫"));
        CATEGORY.put(ServiceCategory.SECURITY, List.of("保安", "小偷", "被盗", "陌生人", "可疑", "监控", "防盗",
                "火", "烟"));
        CATEGORY.put(ServiceCategory.CLEANING, List.of("垃圾", "卫生", "保洁", "打扫", "脏", "异味", "臭",
                "老鼠", "蟑螂", "清理"));
        CATEGORY.put(ServiceCategory.GREENING, List.of("树", "草坪", "绿化", "花坛", "修剪", "枝"));
        CATEGORY.put(ServiceCategory.COMPLAINT, List.of("投诉", "态度", "不作为", "乱收费", "不满意"));
        CATEGORY.put(ServiceCategory.SUGGESTION, List.of("建议", "希望增加", "能不能增加"));
    }

    public Classification classify(String text) {
        String t = text == null ? "" : text;
        for (Map.Entry<String, ServiceCategory> e : EMERGENCY.entrySet()) {
            if (t.contains(e.getKey())) {
                ServiceCategory category = categoryOf(t);
                return new Classification(category == ServiceCategory.OTHER ? e.getValue() : category,
                        Priority.EMERGENCY, "危险情况：" + e.getKey());
            }
        }
        ServiceCategory category = categoryOf(t);
        for (String h : HIGH) {
            if (t.contains(h)) {
                return new Classification(category, Priority.HIGH, "影响正常生活：" + h);
            }
        }
        for (String l : LOW) {
            if (t.contains(l)) {
                return new Classification(category, Priority.LOW, "建议类");
            }
        }
        return new Classification(category, category == ServiceCategory.SUGGESTION ? Priority.LOW : Priority.NORMAL,
                category == ServiceCategory.OTHER ? "未能自动识别类别" : "按描述自动分类");
    }

    private static ServiceCategory categoryOf(String t) {
        for (Map.Entry<ServiceCategory, List<String>> e : CATEGORY.entrySet()) {
            for (String w : e.getValue()) {
                if (t.contains(w)) {
                    return e.getKey();
                }
            }
        }
        return ServiceCategory.OTHER;
    }
}
