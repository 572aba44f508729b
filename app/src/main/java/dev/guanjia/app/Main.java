package dev.guanjia.app;

import dev.guanjia.app.audit.AnchorFile;
import dev.guanjia.app.audit.AuditSetup;
import dev.guanjia.app.bench.ImportBenchmark;
import dev.guanjia.app.config.ConfigException;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.app.database.DataDirectory;
import dev.guanjia.app.database.Database;
import dev.guanjia.app.eval.EvalCommand;
import dev.guanjia.app.knowledge.KnowledgeSetup;
import dev.guanjia.app.pay.MerchantSource;
import dev.guanjia.app.pay.PayCommand;
import dev.guanjia.app.pack.PackImport;
import dev.guanjia.app.security.DataKeys;
import dev.guanjia.app.serve.GuanjiaServer;
import dev.guanjia.channels.wechat.WeChatApi;
import dev.guanjia.community.audit.AuditAnchor;
import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.pack.PackException;
import dev.guanjia.knowledge.KnowledgeBase;
import io.helidon.logging.common.LogConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** The guanjia command: serve, import, eval, bench, pay. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    static final String USAGE = """
            Guanjia 管家 — service desk for property management

            Usage: java -jar guanjia.jar <command> [options]

            Commands:
              serve                              start the service (HTTP, database; demo community on first start)
              import --pack DIR [--community-id ID]
                                                 import or update a community pack (community.yaml + kb/*.md)
              eval --pack DIR --cases FILE [--today YYYY-MM-DD] [--transcript FILE]
                                                 replay evaluation cases against a pack as of a day, print scores as JSON
              wechat menu                        create the official account's menu (查账单/报修/我的工单/人工)
              staff add --community ID --code CODE --name NAME --role ROLE
                                                 create a staff account (the first admin, say); password from
                                                 GUANJIA_STAFF_PASSWORD or typed in
              staff password --community ID --code CODE
                                                 set a new password (and lift a lock-out)
              keys rotate                        new data key; re-seal residents' personal data with it
              audit verify                       check the audit log's keyed chain against its anchor (exit 1 when tampered)
              pay reconcile [--date YYYY-MM-DD]  compare WeChat Pay's trade bill of a day with the payments here
                                                 (exit 0 clean, 1 mismatches, 2 bill not had or read)
              bench import [--houses N] [--residents N] [--bills N]
                                                 time the import of a generated pack
              <command> --help                   help for one command

            Settings come from guanjia.yaml (or GUANJIA_CONFIG) and GUANJIA_* environment variables; see README.md.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err));
    }

    /**
     * Runs a command and returns the process exit code; serve returns only when stopped.
     * env and workingDir are where settings are read from (the process's own, outside tests).
     */
    static int run(String[] args, Map<String, String> env, Path workingDir, PrintStream out, PrintStream err) {
        return run(args, env, workingDir, out, err, MerchantSource.FROM_SETTINGS);
    }

    /** As above, with WeChat Pay from {@code merchants} (tests give a fake of theirs). */
    static int run(String[] args, Map<String, String> env, Path workingDir, PrintStream out, PrintStream err,
                   MerchantSource merchants) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        Args rest = new Args(Arrays.copyOfRange(args, 1, args.length));
        try {
            return switch (command) {
                case "serve" -> rest.help() ? help(out, SERVE_HELP) : serve(rest, env, workingDir);
                case "import" -> rest.help() ? help(out, IMPORT_HELP) : importPack(rest, env, workingDir, out);
                case "eval" -> rest.help() ? help(out, EvalCommand.HELP)
                        : EvalCommand.run(rest, ConfigLoader.load(env, workingDir), out);
                case "bench" -> rest.help() ? help(out, ImportBenchmark.HELP) : ImportBenchmark.run(rest, out);
                case "wechat" -> rest.help() ? help(out, WECHAT_HELP) : wechat(rest, env, workingDir, out);
                case "staff" -> rest.help() ? help(out, STAFF_HELP) : staff(rest, env, workingDir, out);
                case "keys" -> rest.help() ? help(out, KEYS_HELP) : keys(rest, env, workingDir, out);
                case "audit" -> rest.help() ? help(out, AUDIT_HELP) : audit(rest, env, workingDir, out);
                case "pay" -> rest.help() ? help(out, PayCommand.HELP) : pay(rest, env, workingDir, out, merchants);
                default -> {
                    err.println("unknown command '" + command + "'\n");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (Args.UsageException e) {
            err.println(e.getMessage());
            return 2;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (PackException e) {
            err.println(e.getMessage());
            return 1;
        } catch (DataDirectory.DataDirectoryBusyException e) {
            err.println(e.getMessage());
            return 3;
        } catch (IOException | RuntimeException e) {
            err.println("failed: " + e.getMessage());
            return 1;
        }
    }

    static final String SERVE_HELP = """
            Usage: java -jar guanjia.jar serve

            Starts the HTTP service (default port 8080) on the configured database. With no database URL
            configured, an embedded PostgreSQL runs under the data directory (default ./data); on the first
            start with an empty database the demo community is imported (disable with demo.load: false).
            Stop with Ctrl-C or SIGTERM.
            """;

    static final String IMPORT_HELP = """
            Usage: java -jar guanjia.jar import --pack DIR [--community-id ID]

            Reads DIR/community.yaml and DIR/kb/*.md, checks everything, and stores it in one transaction:
            a pack with any problem imports nothing and every problem is listed. Importing the same
            community again updates it in place. --community-id stores the pack under another id.
            Uses the same settings as serve; stop a running serve on the same data directory first.
            """;

    static final String WECHAT_HELP = """
            Usage: java -jar guanjia.jar wechat menu

            Creates the configured official account's menu: 查账单, 报修, 我的工单, 人工. Clicks reach the
            callback as events and are answered like the same words typed. Needs the wechat.* settings.
            """;

    private static int wechat(Args args, Map<String, String> env, Path workingDir, PrintStream out) {
        if (!"menu".equals(args.word())) {
            throw new Args.UsageException("wechat knows one command: wechat menu (see --help)");
        }
        args.requireNoneLeft();
        GuanjiaConfig config = ConfigLoader.load(env, workingDir);
        if (config.wechatAccounts().isEmpty()) {
            throw new Args.UsageException("no official account configured: set wechat.community, wechat.app_id, "
                    + "wechat.secret and wechat.token (see README)");
        }
        for (GuanjiaConfig.WeChat w : config.wechatAccounts()) {
            try {
                new WeChatApi(GuanjiaServer.weChatAccount(w)).createMenu();
            } catch (WeChatApi.Refused e) {
                throw new IllegalStateException("WeChat refused the menu of " + w.community() + ": " + e.code() + " "
                        + e.getMessage());
            }
            out.println("menu created for the official account of " + w.community());
        }
        return 0;
    }

    static final String STAFF_HELP = """
            Usage: staff add --community ID --code CODE --name NAME --role agent|technician|supervisor|admin
                   staff password --community ID --code CODE

            Creates a staff account that signs in at /console (kept when the pack is re-imported), or sets a
            new password. The password is read from GUANJIA_STAFF_PASSWORD, else typed in (never an argument:
            arguments show in the process list). At least 10 characters, two of letters/digits/symbols, not a
            common password (Password123, woaini1314, 1qaz2wsx…) and not containing the staff code. A new
            password signs the staff member out everywhere.
            """;

    private static int staff(Args args, Map<String, String> env, Path workingDir, PrintStream out) throws IOException {
        String verb = args.word();
        if (!"add".equals(verb) && !"password".equals(verb)) {
            throw new Args.UsageException("staff knows: staff add, staff password (see --help)");
        }
        String community = args.required("--community");
        String code = args.required("--code");
        String name = "add".equals(verb) ? args.required("--name") : null;
        String role = "add".equals(verb) ? args.required("--role") : null;
        args.requireNoneLeft();
        String password = env.get("GUANJIA_STAFF_PASSWORD");
        if (password == null) {
            java.io.Console console = System.console();
            if (console == null) {
                throw new Args.UsageException("set GUANJIA_STAFF_PASSWORD or run in a terminal to type the password");
            }
            char[] typed = console.readPassword("password for %s: ", code);
            password = typed == null ? "" : new String(typed);
        }
        GuanjiaConfig config = ConfigLoader.load(env, workingDir);
        try (DataDirectory dir = DataDirectory.lock(config.dataDir());
             Database db = Database.open(config.database(), dir.path());
             AuditSetup audit = AuditSetup.install(config, db.dataSource())) {
            // staff accounts hold no sealed data, but the data key is checked (or, in demo mode, made) as at start-up
            DataKeys.load(config);
            if (new dev.guanjia.community.directory.CommunityDirectory(db.dataSource()).find(community).isEmpty()) {
                throw new Args.UsageException("no community '" + community + "' (import its pack first)");
            }
            dev.guanjia.community.staff.StaffAccounts accounts =
                    new dev.guanjia.community.staff.StaffAccounts(db.dataSource());
            try {
                if ("add".equals(verb)) {
                    accounts.add(community, code, name, role, password);
                } else {
                    accounts.setPassword(community, code, password);
                }
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(e.getMessage());
            }
            dev.guanjia.community.audit.AuditLog.record(db.dataSource(), "cli:staff", "staff." + verb, community,
                    "staff:" + code, role == null ? "" : "role " + role);
            out.println(("add".equals(verb) ? "staff account " + code + " (" + role + ") ready" : "password set for " + code)
                    + " in " + community + "; sign in at /console/");
            return 0;
        }
    }

    static final String KEYS_HELP = """
            Usage: keys rotate

            Makes a new data key current and re-seals every resident's name, phone and identifier with it,
            then drops the old key from the key file (security.data_key_file, default data/keys/data.key).
            Stop the service first (the data directory is locked while it runs).
            """;

    static final String AUDIT_HELP = """
            Usage: audit verify

            Checks the audit log with the audit key (audit.key beside the data key file, default
            data/keys/audit.key): every entry's HMAC, their order and numbering, and the table against the
            anchor file (data/audit.anchor), which records how long the log was and its newest MAC.
            Exit 0 when all of it holds; 1 with what was found: an edited row, a chain recomputed without
            the key, entries removed from the end, or an emptied table. Stop the service first.
            """;

    private static int keys(Args args, Map<String, String> env, Path workingDir, PrintStream out) throws IOException {
        if (!"rotate".equals(args.word())) {
            throw new Args.UsageException("keys knows one command: keys rotate (see --help)");
        }
        args.requireNoneLeft();
        GuanjiaConfig config = ConfigLoader.load(env, workingDir);
        try (DataDirectory dir = DataDirectory.lock(config.dataDir());
             Database db = Database.open(config.database(), dir.path());
             AuditSetup audit = AuditSetup.install(config, db.dataSource())) {
            DataKeys.reseal(db.dataSource(), DataKeys.load(config));
            String id = DataKeys.rotate(config, db.dataSource());
            dev.guanjia.community.audit.AuditLog.record(db.dataSource(), "cli:keys", "keys.rotated", null,
                    "data key", "new key " + id);
            out.println("data key rotated: " + id + " is current; " + DataKeys.keyFile(config) + " updated");
            return 0;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("rotation failed, nothing changed: " + e.getMessage(), e);
        }
    }

    private static int audit(Args args, Map<String, String> env, Path workingDir, PrintStream out) throws IOException {
        if (!"verify".equals(args.word())) {
            throw new Args.UsageException("audit knows one command: audit verify (see --help)");
        }
        args.requireNoneLeft();
        GuanjiaConfig config = ConfigLoader.load(env, workingDir);
        Path keyFile = AuditSetup.keyFile(config);
        AnchorFile anchor = new AnchorFile(AuditSetup.anchorFile(config));
        try (DataDirectory dir = DataDirectory.lock(config.dataDir());
             Database db = Database.open(config.database(), dir.path());
             java.sql.Connection c = db.dataSource().getConnection()) {
            java.util.Optional<AuditAnchor.Mark> mark = anchor.read();
            if (!java.nio.file.Files.exists(keyFile)) {
                if (mark.isEmpty() && AuditLog.head(c).count() == 0) {
                    out.println("audit log empty: nothing recorded yet (no audit key or anchor made so far)");
                    return 0;
                }
                // never generated here: a new key would make every entry look forged
                out.println("audit log NOT VERIFIED: no audit key at " + keyFile + "; restore it from your backup "
                        + "(right after upgrading from a version without one: start the service once, which makes it)");
                return 1;
            }
            AuditLog.Verification v = AuditLog.verify(c, AuditSetup.readKey(keyFile), mark.orElse(null));
            String anchored = mark.map(m -> "the anchor " + anchor.describe() + " records " + m.count()
                    + " entries, newest " + m.head()).orElse("no anchor at " + anchor.describe());
            if (v.intact()) {
                long anchoredCount = mark.map(AuditAnchor.Mark::count).orElse(0L);
                out.println("audit log intact: " + v.entries() + " entries"
                        + (v.unkeyed() > 0 ? " (" + v.unkeyed() + " from before the keyed chain, sealed by it)" : "")
                        + ", every MAC verified with " + keyFile.getFileName() + "; " + anchored
                        + (v.entries() > anchoredCount ? " (the newest " + (v.entries() - anchoredCount)
                        + " were appended after it was last written)" : mark.isPresent() ? ", which matches" : ""));
                return 0;
            }
            out.println("audit log BROKEN: " + v.problem() + ".");
            out.println("The table holds " + v.entries() + " entries; " + anchored + ".");
            out.println("Keep a copy of the database, " + anchor.describe() + " and the service logs (they print "
                    + "the chain head daily) before changing anything.");
            return 1;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    private static int pay(Args args, Map<String, String> env, Path workingDir, PrintStream out,
                           MerchantSource merchants) throws IOException {
        java.time.LocalDate day = PayCommand.day(args, java.time.Clock.systemUTC());
        GuanjiaConfig config = ConfigLoader.load(env, workingDir);
        dev.guanjia.payments.merchant.Merchant merchant = merchants.merchant(config).orElseThrow(() ->
                new Args.UsageException("payments are not configured: set the payments: settings (app_id, mch_id, "
                        + "api_v3_key, merchant_serial, private_key_path, public key or platform certificate, notify URLs; "
                        + "see README) to reconcile with WeChat Pay"));
        try (DataDirectory dir = DataDirectory.lock(config.dataDir());
             Database db = Database.open(config.database(), dir.path())) {
            return PayCommand.reconcile(db.dataSource(), merchant, day, java.time.Clock.systemUTC(), out);
        }
    }

    private static int help(PrintStream out, String text) {
        out.print(text);
        return 0;
    }

    private static int serve(Args args, Map<String, String> env, Path workingDir) throws IOException {
        args.requireNoneLeft();
        GuanjiaConfig config = ConfigLoader.load(env, workingDir);
        dev.guanjia.app.logging.LogLines.install(config.logFormat());
        long start = System.nanoTime();
        GuanjiaServer server = GuanjiaServer.serve(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int drain = config.http().drainSeconds();
            if (drain > 0) {
                // behind a load balancer: readiness says no first, so it stops sending new requests here
                LOG.info(() -> "draining for " + drain + " s: not ready, still answering");
                server.drain();
                try {
                    Thread.sleep(drain * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            LOG.info("stopping: HTTP server, then database");
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                LOG.warning("stop was not clean: " + e.getMessage());
            }
            stopped.countDown();
        }, "guanjia-shutdown"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        LOG.info(() -> "Guanjia " + Version.current() + " ready on http://" + config.http().host() + ":"
                + server.port() + "/ in " + ms + " ms (settings: " + config.source() + ", data: "
                + config.dataDir() + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int importPack(Args args, Map<String, String> env, Path workingDir, PrintStream out)
            throws IOException {
        Path pack = workingDir.resolve(args.required("--pack"));
        String communityId = args.optional("--community-id");
        args.requireNoneLeft();
        GuanjiaConfig config = ConfigLoader.load(env, workingDir);
        // Check the pack before starting anything, so a broken pack fails fast.
        PackImport.read(pack);
        try (DataDirectory dir = DataDirectory.lock(config.dataDir());
             Database db = Database.open(config.database(), dir.path());
             AuditSetup audit = AuditSetup.install(config, db.dataSource())) {
            PackImport.Report r = new PackImport(db.dataSource(), DataKeys.load(config))
                    .importPack(pack, communityId, "cli:import");
            try (KnowledgeBase kb = KnowledgeSetup.open(config, db.dataSource())) {
                kb.refreshCommunity(r.communityId());
            }
            out.printf("imported community %s (%s): %d buildings, %d houses, %d residents, %d staff, "
                            + "%d fee items, %d bills, %d work orders, %d documents in %d ms%n",
                    r.communityId(), r.name(), r.buildings(), r.houses(), r.residents(), r.staff(), r.feeItems(),
                    r.bills(), r.workOrders(), r.documents(), r.millis());
            return 0;
        }
    }
}
