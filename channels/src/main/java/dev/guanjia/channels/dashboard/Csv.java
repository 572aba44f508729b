package dev.guanjia.channels.dashboard;

import dev.guanjia.desk.reporting.Kpis;

import java.time.ZoneId;
import java.util.Locale;

/** The figures as CSV: one "section,item,value" row each, so a spreadsheet can pivot them. */
final class Csv {

    private Csv() {
    }

    static String of(Kpis k, ZoneId zone) {
        StringBuilder out = new StringBuilder("section,item,value\n");
        row(out, "period", "from", k.from().atZone(zone).toLocalDate().toString());
        row(out, "period", "to (exclusive)", k.to().atZone(zone).toLocalDate().toString());
        Kpis.Conversations c = k.conversations();
        row(out, "conversations", "total", c.total());
        row(out, "conversations", "handed off", c.handedOff());
        row(out, "conversations", "contained by the bot", c.contained());
        row(out, "conversations", "containment rate", c.containmentRate());
        row(out, "conversations", "hand-off rate", c.handoffRate());
        row(out, "conversations", "callbacks", c.callbacks());
        for (Kpis.IntentContainment i : k.containmentByIntent()) {
            row(out, "containment by intent", i.label() + " (" + i.contained() + "/" + i.total() + ")", i.rate());
        }
        seconds(out, "bot first response (s)", k.botFirstResponse());
        seconds(out, "agent first response (s)", k.agentFirstResponse());
        seconds(out, "hand-off wait (s)", k.handoffWait());
        row(out, "hand-off wait (s)", "breached", k.waitsBreached());
        row(out, "work orders", "created", k.workOrders().created());
        row(out, "work orders", "completed", k.workOrders().completed());
        row(out, "work orders", "completion rate", k.workOrders().completionRate());
        row(out, "work orders", "mean hours to complete", k.workOrders().meanHoursToComplete());
        for (Kpis.CategoryOrders o : k.ordersByCategory()) {
            row(out, "work orders by category", o.label() + " created", o.created());
            row(out, "work orders by category", o.label() + " completion rate", o.completionRate());
            row(out, "work orders by category", o.label() + " mean hours", o.meanHoursToComplete());
        }
        for (Kpis.SlaStage s : k.sla()) {
            row(out, "SLA compliance", s.label() + " (" + s.met() + "/" + s.total() + ")", s.compliance());
        }
        row(out, "satisfaction", "conversation scores", k.satisfaction().conversationScores());
        row(out, "satisfaction", "conversation mean (1-5)", k.satisfaction().conversationMean());
        row(out, "satisfaction", "work-order ratings", k.satisfaction().orderRatings());
        row(out, "satisfaction", "work-order mean (1-5)", k.satisfaction().orderMean());
        for (Kpis.HotSpot h : k.hotSpots()) {
            row(out, "hot spots", h.building() + " " + h.label(), h.count());
        }
        Kpis.Complaints cp = k.complaints();
        row(out, "complaints", "complaints", cp.complaints());
        row(out, "complaints", "suggestions", cp.suggestions());
        row(out, "complaints", "answered", cp.answered());
        row(out, "complaints", "hours to first answer (mean)", cp.meanHoursToFirstAnswer());
        row(out, "complaints", "hours to first answer (p50)", cp.medianHoursToFirstAnswer());
        row(out, "complaints", "answered within deadline", cp.answeredInTime());
        row(out, "complaints", "closed within deadline", cp.closedInTime());
        row(out, "complaints", "follow-ups", cp.followUps());
        row(out, "complaints", "follow-ups resolved", cp.resolvedRate());
        row(out, "complaints", "follow-up mean (1-5)", cp.meanFollowUpScore());
        for (Kpis.ComplaintCount s : cp.bySubject()) {
            row(out, "complaints by subject", s.kind() + " " + s.label(), s.count());
        }
        for (Kpis.ComplaintCount b : cp.byBuilding()) {
            row(out, "complaints by building", b.kind() + " " + b.label(), b.count());
        }
        for (int h = 0; h < 24; h++) {
            row(out, "messages by hour", String.format(Locale.ROOT, "%02d:00", h), k.messagesByHour()[h]);
        }
        return out.toString();
    }

    private static void seconds(StringBuilder out, String section, Kpis.Seconds s) {
        row(out, section, "count", s.count());
        row(out, section, "mean", s.mean());
        row(out, section, "p50", s.p50());
        row(out, section, "p90", s.p90());
    }

    private static void row(StringBuilder out, String section, String item, Object value) {
        String v = value == null ? "" : value instanceof Double d ? String.format(Locale.ROOT, "%.4f", d)
                : value.toString();
        out.append(cell(section)).append(',').append(cell(item)).append(',').append(cell(v)).append('\n');
    }

    /** Quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
    static String cell(String s) {
        String t = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?") ? "'" + s : s;
        return t.contains(",") || t.contains("\"") || t.contains("\n") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }
}
