package dev.guanjia.community.pack;

/** A small valid community.yaml that tests copy and break one line at a time. */
final class SmallPack {

    static final String YAML = """
            id: test-garden
            name: 测试花园
            city: 测试市
            address: 测试路1号
            service_phone: "010-1234 5678"
            emergency_phone: "010-1234 5679"
            office_hours: "每天 9:00-17:00"
            buildings:
              - {id: "1", name: "1幢", units: ["1", "2"], floors: 10, elevators: 1}
              - {id: "2", name: "2幢", units: ["1"], floors: 6, elevators: 0}
            houses:
              - {id: "1-1-101", building: "1", unit: "1", room: "101", area_m2: 100.00, type: residential}
              - {id: "1-2-502", building: "1", unit: "2", room: "502", area_m2: 80.50, type: residential}
              - {id: "2-1-301", building: "2", unit: "1", room: "301", area_m2: 60.00, type: residential}
            residents:
              - {id: r1, name: 甲一, phone: "13000000001", wechat_openid: "wx-1", houses: ["1-1-101"], role: owner, birth_year: 1950}
              - {id: r2, name: 乙二, phone: "13000000002", houses: ["1-1-101"], role: family, birth_year: 1980}
              - {id: r3, name: 丙三, phone: "13000000003", wechat_openid: "wx-3", houses: ["1-2-502", "2-1-301"], role: owner, birth_year: 1975}
            staff:
              - {id: s1, name: 师傅甲, role: technician, skills: [plumbing, electrical], buildings: ["1", "2"], on_duty: true, phone: "13900000001"}
              - {id: s2, name: 客服乙, role: agent}
              - {id: s3, name: 主管丙, role: supervisor}
            fee_items:
              - {code: property, name: 物业服务费, unit_price: 2.00, unit: "元/平方米/月", basis: area, cycle: quarterly}
              - {code: parking, name: 车位管理费, unit_price: 100.00, unit: "元/个/月", basis: fixed, cycle: monthly}
            bills:
              - {id: b1, house: "1-1-101", item: property, period: "2026-Q3", amount: 600.00, due: "2026-07-31", status: paid, paid_at: "2026-07-10"}
              - {id: b2, house: "1-1-101", item: property, period: "2026-Q4", amount: 600.00, due: "2026-12-31", status: unpaid}
              - {id: b3, house: "1-2-502", item: property, period: "2026-Q4", amount: 483.00, due: "2026-12-31", status: unpaid}
              - {id: b4, house: "2-1-301", item: parking, period: "2026-11", amount: 100.00, due: "2026-11-30", status: unpaid}
            work_orders:
              - {id: w1, house: "1-1-101", category: plumbing, title: 水龙头漏水, status: closed, created: "2026-09-01T09:00:00+08:00", closed: "2026-09-01T12:00:00+08:00", assignee: s1, rating: 5}
              - {id: w2, house: "2-1-301", category: electrical, title: 插座没电, status: assigned, created: "2026-11-20T10:00:00+08:00", assignee: s1}
            """;

    private SmallPack() {
    }

    /** The pack with one exact piece of text replaced; fails loudly if the text is not there. */
    static String with(String from, String to) {
        if (!YAML.contains(from)) {
            throw new IllegalArgumentException("test pack has no '" + from + "'");
        }
        return YAML.replace(from, to);
    }

    /** 1-based line of the first line containing text. */
    static int lineOf(String yaml, String text) {
        String[] lines = yaml.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line with " + text);
    }
}
