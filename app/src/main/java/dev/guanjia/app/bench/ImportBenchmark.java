package dev.guanjia.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.Args;
import dev.guanjia.app.database.Database;
import dev.guanjia.app.files.TemporaryDirectory;
import dev.guanjia.app.pack.PackImport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bench import}: generates a large pack, imports it into a throwaway embedded database twice
 * (first import, then the in-place re-import) and prints the times as JSON.
 */
public final class ImportBenchmark {

    public static final String HELP = """
            Usage: java -jar guanjia.jar bench import [--houses 5000] [--residents 8000] [--bills 30000]
                   java -jar guanjia.jar bench knowledge [--docs 1000] [--queries 500]
                   java -jar guanjia.jar bench documents [--pages 200] [--font FILE]
                   java -jar guanjia.jar bench work-orders [--orders 20000] [--threads 4]
                   java -jar guanjia.jar bench chat [--users 50] [--turns 10] [--nodes N]
                   java -jar guanjia.jar bench ranker --packs DIR[,DIR…] [--write FILE]
                   java -jar guanjia.jar bench fuzz [--requests 3000] [--seconds 120] [--seed 1]
                   java -jar guanjia.jar bench voice [--calls 50] [--seconds 20] [--speech-model DIR]
                   java -jar guanjia.jar bench sip [--calls 50] [--seconds 10] [--hold 3]
                   java -jar guanjia.jar bench notify [--orders 1000] [--duplicates 0.2] [--threads 8]

            Generates a pack of that size, imports it into a temporary embedded PostgreSQL, imports it
            again (the update path), and prints one JSON line with the milliseconds of each step.

            bench knowledge indexes --docs documents with embeddings and times warm searches.

            bench documents writes a --pages handbook as a text PDF and times the console's document
            import of it (read, split into articles) and the indexing of the articles.

            bench work-orders creates orders with automatic dispatch through the service layer and
            prints orders/s and latency percentiles.

            bench chat serves the demo and runs concurrent web-chat visitors and WeChat callbacks,
            printing turns/s and latency percentiles; with --nodes N, N nodes on one PostgreSQL behind
            HAProxy (installed) take the load and the database is checked for every accepted message
            stored once and answered.

            bench ranker fits the knowledge search's ranking weights and abstain model on the knowledge
            cases of packs and prints them with leave-one-pack-out figures (see README, "Ranking and
            abstain calibration").

            bench voice serves the demo with its phone line and holds that many AudioSocket calls at once
            (keypad mode), printing frame pacing jitter, missing frames and key-to-speech latency. With
            --speech-model (a Vosk model directory) the callers speak instead, and it prints the time from
            the end of their speech to the first audio back.

            bench sip serves the demo with its SIP line and places that many SIP calls over --seconds
            (INVITE/ACK, --hold seconds on the line, BYE) from plain UDP clients, printing call setup
            (INVITE → 200) percentiles and failed calls.

            bench notify serves Guanjia with a WeChat Pay merchant (keys generated for the run), opens
            --orders payment orders and posts their signed WeChat Pay notifies plus re-signed retries of a
            --duplicates share concurrently, printing notifies/s, the answer's p50/p95 and whether every
            order was settled exactly once.

            bench fuzz serves the demo on 127.0.0.1 in a throwaway directory and sends hostile requests to
            every public endpoint; it prints counts of 5xx answers, leaked internals or personal data, and
            whether the service is still healthy (exit 1 on any finding).
            """;

    private ImportBenchmark() {
    }

    public static int run(Args args, PrintStream out) throws IOException {
        String what = args.word();
        if ("ranker".equals(what)) {
            return RankingCalibration.run(args, out);
        }
        if ("knowledge".equals(what)) {
            return KnowledgeBenchmark.run(args, out);
        }
        if ("documents".equals(what)) {
            return DocumentImportBenchmark.run(args, out);
        }
        if ("voice".equals(what)) {
            try {
                return VoiceBenchmark.run(args, out);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if ("notify".equals(what)) {
            try {
                return NotifyBenchmark.run(args, out);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if ("sip".equals(what)) {
            return SipBenchmark.run(args, out);
        }
        if ("fuzz".equals(what)) {
            try {
                return FuzzRun.run(args, out);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if ("chat".equals(what)) {
            try {
                return ChatBenchmark.run(args, out);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if ("work-orders".equals(what)) {
            try {
                return WorkOrderBenchmark.run(args, out);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        if (!"import".equals(what)) {
            throw new Args.UsageException("bench knows: bench import, bench knowledge, bench documents, bench work-orders, bench chat, bench ranker, bench fuzz, bench voice (see --help)");
        }
        int houses = args.optionalInt("--houses", 5000);
        int residents = args.optionalInt("--residents", 8000);
        int bills = args.optionalInt("--bills", 30000);
        args.requireNoneLeft();
        Map<String, Object> result = new LinkedHashMap<>();
        try (TemporaryDirectory tmp = new TemporaryDirectory("guanjia-bench-pack")) {
            Path dir = tmp.path();
            long t0 = System.nanoTime();
            PackGenerator.write(dir, houses, residents, bills);
            result.put("houses", houses);
            result.put("residents", residents);
            result.put("bills", bills);
            result.put("generate_ms", ms(t0));
            long t1 = System.nanoTime();
            try (Database db = Database.temporary()) {
                result.put("database_start_ms", ms(t1));
                PackImport importer = new PackImport(db.dataSource(),
                        dev.guanjia.community.privacy.PersonalData.ephemeral());
                long t2 = System.nanoTime();
                PackImport.read(dir);
                result.put("read_and_validate_ms", ms(t2));
                long t3 = System.nanoTime();
                importer.importPack(dir, null, "bench");
                result.put("first_import_ms", ms(t3));
                long t4 = System.nanoTime();
                importer.importPack(dir, null, "bench");
                result.put("reimport_ms", ms(t4));
            }
            result.put("cores", Runtime.getRuntime().availableProcessors());
        }
        out.println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
