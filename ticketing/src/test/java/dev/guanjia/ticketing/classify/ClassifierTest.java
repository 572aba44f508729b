package dev.guanjia.ticketing.classify;

import dev.guanjia.community.category.ServiceCategory;
import dev.guanjia.ticketing.workorder.Priority;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierTest {

    private final Classifier classifier = new Classifier();

    private void is(String text, ServiceCategory category, Priority priority) {
        Classification c = classifier.classify(text);
        assertEquals(category, c.category(), text);
        assertEquals(priority, c.priority(), text);
    }

    @Test
    void categoriesAndPriorities() {
        is("卫生间水龙头滴水", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("家里漏水，楼下都渗了", ServiceCategory.PLUMBING, Priority.HIGH);
        is("楼道的灯不亮", ServiceCategory.PUBLIC_FACILITY, Priority.NORMAL);
        is("卧室顶灯按开关没反应", ServiceCategory.ELECTRICAL, Priority.NORMAL);
        is("单元门禁刷卡没反应", ServiceCategory.DOOR_ACCESS, Priority.NORMAL);
        is("楼上装修太吵", ServiceCategory.NOISE, Priority.NORMAL);
        is("有车挡住了我的车位", ServiceCategory.PARKING, Priority.NORMAL);
        is("建议小区多装几个路灯", ServiceCategory.SUGGESTION, Priority.LOW);
        is("你好", ServiceCategory.OTHER, Priority.NORMAL);
    }

    @Test
    void dangerWordsAreAlwaysEmergency() {
        is("厨房有很浓的煤气味", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("插座冒烟了", ServiceCategory.ELECTRICAL, Priority.EMERGENCY);
        is("我妈被困电梯里了", ServiceCategory.ELEVATOR, Priority.EMERGENCY);
        is("楼下垃圾桶着火了", ServiceCategory.SECURITY, Priority.EMERGENCY);
        is("水管爆了家里水淹了", ServiceCategory.PLUMBING, Priority.EMERGENCY);
        is("燃气开户要带哪些材料", ServiceCategory.PLUMBING, Priority.NORMAL);
    }

    @Test
    void symptomsAloneAreProblemsWithTheirTrade() {
        Classifier c = new Classifier();
        for (String s : new String[]{"过道的灯忽明忽暗", "次卧天花板上一片黄色水印子", "热水器打不着火", "对门的狗叫了一整夜",
                "the bathroom tap keeps dripping", "入户门推不开了"}) {
            assertTrue(c.describesProblem(s), s);
        }
        is("热水器打不着火", ServiceCategory.PLUMBING, Priority.NORMAL);
        is("对门的狗叫了一整夜", ServiceCategory.NOISE, Priority.NORMAL);
        is("the bathroom tap keeps dripping", ServiceCategory.PLUMBING, Priority.NORMAL);
        assertFalse(c.describesProblem("物业费一年交几次"));
        assertFalse(c.describesProblem("停车场几点关门"));
    }
}
