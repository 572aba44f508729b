package dev.guanjia.bot.handoff;

import dev.guanjia.community.resident.Resident;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-off summaries name the resident by role and house, never by name, number or openid. */
class HandoffSummaryTest {

    private static Resident resident(String role, String... houses) {
        return new Resident(7, "cuihu", "c03", "顾明远", 1969, java.util.Arrays.stream(houses)
                .map(h -> new Resident.Household(1, h, "A1", "1", "502", new BigDecimal("120.00"), role, "residential")).toList());
    }

    @Test
    void anOwnerIsNamedByRoleAndHousesAndTheirNameNumberAndOpenidAreTakenOut() {
        String s = HandoffSummary.of(Optional.of(resident("owner", "A1-1-502", "B1-2-202")), "wx-cuihu-c03",
                "我是顾明远，顾先生家里漏水，电话13962000103，微信wx-cuihu-c03，要找人工");
        assertTrue(s.startsWith("业主（A1-1-502、B1-2-202）："), s);
        for (String personal : List.of("顾明远", "顾先生", "13962000103", "wx-cuihu-c03")) {
            assertFalse(s.contains(personal), personal + " in " + s);
        }
        assertTrue(s.contains("139****0103"), "a masked number still helps the agent match: " + s);
        assertTrue(s.contains("家里漏水"), s);
    }

    @Test
    void aTenantIsAResidentAndAVisitorIsAVisitor() {
        assertEquals("住户（A2-1-401）：要人工", HandoffSummary.of(Optional.of(resident("tenant", "A2-1-401")), null,
                "要人工"));
        String visitor = HandoffSummary.of(Optional.empty(), "wx-stranger", "我电话13800138000，微信wx-stranger");
        assertTrue(visitor.startsWith("未验证身份的访客："), visitor);
        assertFalse(visitor.contains("13800138000") || visitor.contains("wx-stranger"), visitor);
    }
}
