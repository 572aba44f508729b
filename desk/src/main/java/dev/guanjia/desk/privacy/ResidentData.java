package dev.guanjia.desk.privacy;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.privacy.CommunityRecords;
import dev.guanjia.community.privacy.DataSubject;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.Retention;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.workorder.WorkOrderRecords;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resident's rights over their data (个人信息保护法): a copy of everything held about them, and
 * erasure of what the company need not keep, across every module's tables: each module's
 * {@link ResidentRecords} does its own share, all in one transaction. The same holders end each
 * kind of data when its retention period is over.
 */
public final class ResidentData {

    public static final String ERASED = "（已按住户要求删除）";
    public static final String EXPIRED = "（已超过保存期限删除）";

    private final DataSource db;
    private final Residents residents;
    private final Bindings bindings;
    private final List<ResidentRecords> holders;
    private final PersonalData personalData;

    /** @param holders every module's share of residents' data (see {@link #core(PersonalData)}) */
    public ResidentData(DataSource db, Residents residents, Bindings bindings, List<ResidentRecords> holders,
                        PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
        this.residents = residents;
        this.bindings = bindings;
        this.holders = List.copyOf(holders);
    }

    /** The holders of the modules the bot sees: community, ticketing and the bot's own conversations. */
    public static List<ResidentRecords> core(PersonalData personalData) {
        return List.of(new CommunityRecords(personalData), new WorkOrderRecords(),
                new ConversationRecords(personalData), new UnansweredRecords(personalData));
    }

    public List<ResidentRecords> holders() {
        return holders;
    }

    /** Everything about the signed-in resident, as plain data for JSON. The export is audited. */
    public Map<String, Object> export(Caller me) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                DataSubject who = subject(c, me);
                for (ResidentRecords h : holders) {
                    h.export(c, who, out);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        List<String> sections = new ArrayList<>();
        out.forEach((k, v) -> sections.add(k + (v instanceof List<?> l ? " " + l.size() : "")));
        AuditLog.record(db, me.actor(), "resident.data_exported", me.communityId(), me.actor(),
                String.join(", ", sections));
        return out;
    }

    /**
     * Erases the resident's data everywhere, in one transaction: conversations and call records
     * anonymised, WeChat and self-bound identities removed, sessions and sign-in codes deleted, their
     * texts in work orders replaced. Returns how many conversations were anonymised.
     */
    public int erase(Caller me) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                DataSubject who = subject(c, me);
                List<String> done = new ArrayList<>();
                for (ResidentRecords h : holders) {
                    done.add(h.erase(c, who, ERASED));
                }
                AuditLog.append(c, me.actor(), "resident.data_erased", me.communityId(), me.actor(),
                        String.join("; ", done) + "; owner register and bills kept");
                c.commit();
                return who.conversations().size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Ends every kind of data past its retention period; returns how many rows were touched. */
    public int expire(Retention retention) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int total = 0;
                List<String> done = new ArrayList<>();
                for (ResidentRecords h : holders) {
                    int n = h.expire(c, retention, EXPIRED);
                    if (n > 0) {
                        done.add(n + " in " + String.join("/", h.tables()));
                    }
                    total += n;
                }
                if (total > 0) {
                    AuditLog.append(c, "system:retention", "retention.expired", null, "residents' data",
                            String.join("; ", done) + " (" + retention + ")");
                }
                c.commit();
                return total;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private DataSubject subject(Connection c, Caller me) throws SQLException {
        Resident r = residents.find(me.communityId(), me.subjectId()).orElseThrow();
        boolean owner = r.houses().stream().anyMatch(h -> "owner".equals(h.role()));
        DataSubject who = new DataSubject(r.communityId(), r.id(), r.code(), r.name(), owner ? "业主" : "住户",
                r.houses().stream().map(Resident.Household::houseId).toList(), bindings.of(r.id(), "phone"),
                bindings.of(r.id(), "wechat_openid"), List.of());
        return who.withConversations(new ConversationRecords(personalData).conversationsOf(c, who));
    }
}
