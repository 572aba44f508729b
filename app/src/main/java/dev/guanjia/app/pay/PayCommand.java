package dev.guanjia.app.pay;

import dev.guanjia.app.Args;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.reconcile.Finding;
import dev.guanjia.payments.reconcile.Reconciliation;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** {@code guanjia pay reconcile --date D}: one day's trade bill against the payments recorded here. */
public final class PayCommand {

    public static final String HELP = """
            Usage: java -jar guanjia.jar pay reconcile [--date YYYY-MM-DD]

            Downloads WeChat Pay's trade bill of the day (Beijing time; default yesterday; the bill is ready
            after 10:00 the next day, for three months) and compares it with the payments and refunds
            recorded here. Every mismatch is stored for the dashboard (paid at WeChat but not marked paid
            here, marked paid here but not in the bill, amounts or transaction ids that differ, refunds
            likewise) and printed; nothing is changed. Running a day again replaces its open findings.
            Exit 0 when the day is clean, 1 when there are mismatches, 2 when the bill could not be had
            or read (the reason is printed and kept with the run), or payments are not configured.
            """;

    private PayCommand() {
    }

    /** Reads the command's options; the day defaults to yesterday in Beijing. */
    public static LocalDate day(Args args, Clock clock) {
        if (!"reconcile".equals(args.word())) {
            throw new Args.UsageException("pay knows one command: pay reconcile --date YYYY-MM-DD (see --help)");
        }
        String date = args.optional("--date");
        args.requireNoneLeft();
        if (date == null) {
            return LocalDate.now(clock.withZone(Reconciliation.BEIJING)).minusDays(1);
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new Args.UsageException("--date must be a day like 2026-12-01, got '" + date + "'");
        }
    }

    /** Runs the day's reconciliation and prints what it found; returns the exit code (0, 1 or 2). */
    public static int reconcile(DataSource db, Merchant merchant, LocalDate day, Clock clock, PrintStream out) {
        Reconciliation.Outcome o = new Reconciliation(db, merchant, clock).run(day, "cli");
        if (o.failed()) {
            out.println("reconciliation of " + day + " FAILED (run " + o.runId() + "): " + o.error());
            return 2;
        }
        out.printf("reconciliation of %s: bill %d rows (%d payments, %d refunds, sha1 %s); here %d payments, "
                        + "%d refunds; %d mismatch(es)%n", day, o.billRows(), o.billPayments(), o.billRefunds(),
                o.billSha1() == null ? "none: WeChat has no bill, no trades that day" : o.billSha1(),
                o.ourPayments(), o.ourRefunds(), o.findings().size());
        for (Map.Entry<Finding.Kind, Integer> k : Reconciliation.byKind(o.findings()).entrySet()) {
            out.println("  " + k.getKey().code() + ": " + k.getValue());
        }
        for (Finding f : o.findings()) {
            out.println("  " + f.kind().code() + " " + f.outTradeNo()
                    + (f.outRefundNo() == null ? "" : " refund " + f.outRefundNo())
                    + (f.transactionId() == null ? "" : " transaction " + f.transactionId())
                    + " wechat " + yuan(f.wechatFen()) + " here " + yuan(f.ourFen())
                    + (f.communityId() == null ? " (no order here)" : " (" + f.communityId() + ")"));
        }
        return o.clean() ? 0 : 1;
    }

    private static String yuan(Long fen) {
        return fen == null ? "-" : BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
