package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.database.Database;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.community.resident.ResidentDirectory;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.report.WorkOrderFigures;
import dev.guanjia.ticketing.workorder.WorkOrders;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench work-orders [--orders 20000] [--threads 4]}: creates orders through the service
 * layer (classification, dispatch, SLA deadlines, timeline and notices in one transaction each) on
 * a throwaway embedded PostgreSQL with a generated community, and prints throughput and latency.
 */
public final class WorkOrderBenchmark {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench work-orders [--orders 20000] [--threads 4]

            Creates --orders work orders with automatic dispatch from --threads concurrent callers on a
            temporary embedded PostgreSQL (a generated community of 2,000 houses), and prints orders/s
            and p50/p95/max latency as JSON.
            """;

    private static final String[] PROBLEMS = {"厨房水龙头漏水", "卫生间下水道堵了", "插座没电", "楼道灯不亮",
            "单元门禁刷卡没反应", "楼上噪音太吵", "车位被别人占了", "门口垃圾没人清理", "电梯按钮失灵", "水管渗水"};

    private WorkOrderBenchmark() {
    }

    public static int run(Args args, PrintStream out) throws Exception {
        int orders = args.optionalInt("--orders", 20000);
        int threads = args.optionalInt("--threads", 4);
        args.requireNoneLeft();
        Map<String, Object> result = new LinkedHashMap<>();
        try (TemporaryDirectory tmp = new TemporaryDirectory("guanjia-bench-wo");
             Database db = Database.temporary()) {
            // the generated pack's one technician covers building 1; three more for every building
            // give dispatch real choices
            PackGenerator.write(tmp.path(), 2000, 2000, 2000, 3);
            PersonalData personalData = PersonalData.ephemeral();
            new PackImport(db.dataSource(), personalData).importPack(tmp.path(), null, "bench");
            List<Caller> residents = new ArrayList<>();
            Map<Long, String> houseOf = new java.util.HashMap<>();
            Residents homes = new Residents(db.dataSource(), personalData);
            for (ResidentDirectory.Card r : new ResidentDirectory(db.dataSource(), personalData).of("bench")) {
                residents.add(new Caller("bench", Caller.Kind.RESIDENT, r.id(), "resident", r.code(), r.name()));
                // each generated resident has one house
                houseOf.put(r.id(), homes.find("bench", r.id()).orElseThrow().houses().get(0).houseCode());
            }
            // ten orders per resident in minutes is the load being measured, not abuse
            WorkOrders service = new WorkOrders(db.dataSource(), Clock.systemUTC()).withoutCreationLimit();
            List<Long> micros = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < orders) {
                        Caller r = residents.get(i % residents.size());
                        long t0 = System.nanoTime();
                        service.create(r, new WorkOrders.NewOrder(houseOf.get(r.subjectId()), null, "web", null,
                                PROBLEMS[i % PROBLEMS.length], null, null, null, null, List.of(), null));
                        micros.add((System.nanoTime() - t0) / 1000);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            List<Long> sorted = new ArrayList<>(micros);
            sorted.sort(null);
            result.put("orders", orders);
            result.put("threads", threads);
            result.put("seconds", Math.round(seconds * 10) / 10.0);
            result.put("orders_per_s", Math.round(orders / seconds));
            result.put("p50_ms", sorted.get(sorted.size() / 2) / 1000.0);
            result.put("p95_ms", sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) / 1000.0);
            result.put("max_ms", sorted.get(sorted.size() - 1) / 1000.0);
            result.put("assigned", new WorkOrderFigures(db.dataSource()).count("bench", "assigned"));
            result.put("cores", Runtime.getRuntime().availableProcessors());
        }
        out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }
}
