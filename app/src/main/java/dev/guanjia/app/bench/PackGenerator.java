package dev.guanjia.app.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a large, valid community pack of a made-up community for timing the import. Sizes are
 * exact; the content is regular (buildings of 2 units × 30 floors × 4 rooms) and seeded.
 */
public final class PackGenerator {

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "军", "杰", "涛"};
    private static final String[] PERIODS = {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2",
            "2026-Q3", "2026-Q4"};
    private static final BigDecimal PRICE = new BigDecimal("2.50");

    private PackGenerator() {
    }

    public static void write(Path dir, int houses, int residents, int bills) throws IOException {
        write(dir, houses, residents, bills, 0);
    }

    /**
     * @param technicians technicians per building besides the one for building 1 (tb&lt;building&gt;-&lt;n&gt;,
     *                    every skill, on duty), so dispatch has real choices
     */
    public static void write(Path dir, int houses, int residents, int bills, int technicians) throws IOException {
        if (residents < houses) {
            throw new IllegalArgumentException("every house needs an owner: residents must be >= houses");
        }
        if (bills > houses * PERIODS.length) {
            throw new IllegalArgumentException("at most " + PERIODS.length + " bills per house");
        }
        Random random = new Random(42);
        int perBuilding = 2 * 30 * 4;
        int buildings = (houses + perBuilding - 1) / perBuilding;
        Files.createDirectories(dir.resolve("kb"));
        BigDecimal[] areas = new BigDecimal[houses];
        String[] ids = new String[houses];
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("community.yaml"), StandardCharsets.UTF_8)) {
            w.write("""
                    id: bench
                    name: 基准测试花园
                    city: 测试市
                    address: 测试市测试路1号
                    service_phone: "01000000000"
                    emergency_phone: "01000000001"
                    office_hours: "每天 8:00-18:00"
                    buildings:
                    """);
            for (int b = 1; b <= buildings; b++) {
                w.write("  - {id: \"" + b + "\", name: \"" + b + "幢\", units: [\"1\", \"2\"], floors: 30, elevators: 2}\n");
            }
            w.write("houses:\n");
            for (int i = 0; i < houses; i++) {
                int b = i / perBuilding + 1;
                int k = i % perBuilding;
                int unit = k / 120 + 1;
                int floor = (k % 120) / 4 + 1;
                int room = k % 4 + 1;
                ids[i] = b + "-" + unit + "-" + floor + "0" + room;
                areas[i] = new BigDecimal(60 + random.nextInt(90) + "." + (10 + random.nextInt(90)));
                w.write("  - {id: \"" + ids[i] + "\", building: \"" + b + "\", unit: \"" + unit + "\", room: \""
                        + floor + "0" + room + "\", area_m2: " + areas[i] + ", type: residential}\n");
            }
            w.write("residents:\n");
            for (int r = 0; r < residents; r++) {
                boolean owner = r < houses;
                int house = owner ? r : random.nextInt(houses);
                String name = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)]
                        + GIVEN[random.nextInt(GIVEN.length)];
                w.write("  - {id: r" + r + ", name: " + name + ", phone: \"" + (15000000000L + r)
                        + "\", wechat_openid: wx" + r + ", houses: [\"" + ids[house] + "\"], role: "
                        + (owner ? "owner" : "family") + ", birth_year: " + (1940 + random.nextInt(60)) + "}\n");
            }
            w.write("""
                    staff:
                      - {id: t1, name: 技工甲, role: technician, skills: [plumbing, electrical], buildings: ["1"], on_duty: true, phone: "13100000001"}
                      - {id: a1, name: 客服乙, role: agent}
                      - {id: m1, name: 主管丙, role: supervisor}
                    """);
            for (int b = 1; b <= buildings; b++) {
                for (int n = 1; n <= technicians; n++) {
                    w.write("  - {id: tb" + b + "-" + n + ", name: 技工" + b + "-" + n + ", role: technician, skills: "
                            + "[plumbing, electrical, door_access, elevator, noise, parking, cleaning], buildings: [\""
                            + b + "\"], on_duty: true}\n");
                }
            }
            w.write("""
                    fee_items:
                      - {code: property, name: 物业服务费, unit_price: 2.50, unit: "元/平方米/月", basis: area, cycle: quarterly}
                    bills:
                    """);
            for (int n = 0; n < bills; n++) {
                int house = n % houses;
                String period = PERIODS[n / houses];
                BigDecimal amount = areas[house].multiply(PRICE).multiply(BigDecimal.valueOf(3))
                        .setScale(2, RoundingMode.HALF_UP);
                boolean paid = period.startsWith("2025");
                w.write("  - {id: b" + n + ", house: \"" + ids[house] + "\", item: property, period: \"" + period
                        + "\", amount: " + amount + ", due: 2026-12-31, status: " + (paid ? "paid, paid_at: 2025-12-01"
                        : "unpaid") + "}\n");
            }
            w.write("work_orders: []\n");
        }
        Files.writeString(dir.resolve("kb/fee-property.md"), """
                ---
                id: fee-property
                title: 物业服务费收费标准
                category: fees
                tags: [物业费]
                updated: 2026-01-01
                ---
                物业服务费按建筑面积计收，每月每平方米2.50元，按季度预缴，每季度首月月底前缴清。
                """, StandardCharsets.UTF_8);
    }
}
