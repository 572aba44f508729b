package dev.guanjia.ticketing.classify;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.ticketing.workorder.Priority;

import java.util.List;

/**
 * Free text to category and priority by the service taxonomy. Danger words force emergency whatever
 * else is said, because a gas smell reported as "a small question" is still a gas leak. The agent may
 * refine a category later; priority never drops below what these rules found.
 */
public final class Classifier {

    /** Without water, power or lift, or damage spreading: high. */
    private static final List<String> HIGH = List.of("漏水", "渗水", "停水", "没水", "停电", "没电", "跳闸",
            "电梯坏", "电梯停", "电梯不动", "下水道堵", "马桶堵", "门打不开", "进不了门", "冒水", "堵死", "no water",
            "no power", "power cut");
    private static final List<String> LOW = List.of("建议", "希望", "能不能增加", "可否", "suggest");

    private final Taxonomy taxonomy;

    public Classifier() {
        this(Taxonomy.bundled());
    }

    public Classifier(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    public Classification classify(String text) {
        String t = text == null ? "" : text.toLowerCase(java.util.Locale.ROOT);
        Taxonomy.Reading r = taxonomy.read(t);
        ServiceCategory category = r.category();
        if (r.danger() != null) {
            return new Classification(category, Priority.EMERGENCY, "危险情况：" + r.danger());
        }
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

    /** True when the text names a thing of some trade, not only what is wrong with it. */
    public boolean namesAThing(String text) {
        return taxonomy.namesAThing(text);
    }

    /** True when the text reports something wrong (a thing in a bad state, danger, a nuisance). */
    public boolean describesProblem(String text) {
        return taxonomy.read(text).problem();
    }
}
