package dev.guanjia.community.privacy;

import dev.guanjia.community.session.LoginCodes;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The community module's share of a resident's data: their profile, houses and identities, the
 * bills of their houses, their sign-ins and sign-in codes, the text messages sent to their phones
 * (purpose and delivery state; the text is never kept), and the audit entries about them.
 * Erasure removes the channel bindings (every WeChat openid, pack-provided ones included, and
 * phones they bound themselves), sessions and codes, and records a pack openid as withdrawn so a
 * re-import does not restore it; the name, houses, pack phone and bills stay as the company's owner
 * register and accounts (they come from the pack, sealed at rest).
 */
public final class CommunityRecords implements ResidentRecords {

    private final PersonalData personalData;

    public CommunityRecords(PersonalData personalData) {
        this.personalData = personalData;
    }

    @Override
    public List<String> tables() {
        return List.of("residents", "resident_houses", "resident_identities", "withdrawn_identities", "bills",
                "sessions", "login_codes", "sms_sends", "audit_log", "binding_requests", "sms_messages");
    }

    @Override
    public void export(Connection c, DataSubject who, Map<String, Object> out) throws SQLException {
        Map<String, Object> profile = Rows.list(c, "SELECT code, name, birth_year AS \"birthYear\" FROM residents WHERE id = ?",
                who.residentId()).get(0);
        profile.put("name", personalData.open((String) profile.get("name")));
        profile.put("houses", Rows.list(c, """
                SELECT h.code AS house, rh.role, h.area_m2 AS "areaM2" FROM resident_houses rh
                JOIN houses h ON h.id = rh.house_id WHERE rh.resident_id = ? ORDER BY h.code""", who.residentId()));
        List<Map<String, Object>> identities = Rows.list(c, """
                SELECT kind, value, source, created_at AS since FROM resident_identities
                WHERE resident_id = ? ORDER BY id""", who.residentId());
        identities.forEach(i -> i.put("value", personalData.open((String) i.get("value"))));
        profile.put("identities", identities);
        out.put("resident", profile);
        // claims made in their name by WeChat followers (name and house), and what staff decided
        List<Map<String, Object>> claims = Rows.list(c, """
                SELECT claimed_name AS "claimedName", claimed_house AS "claimedHouse", status,
                       created_at AS "createdAt", decided_at AS "decidedAt" FROM binding_requests
                WHERE resident_id = ? ORDER BY id""", who.residentId());
        claims.forEach(r -> r.put("claimedName", personalData.open((String) r.get("claimedName"))));
        out.put("bindingRequests", claims);
        out.put("bills", Rows.list(c, """
                SELECT b.code, h.code AS house, f.name AS item, b.period, b.amount, b.due, b.status, b.paid_at AS "paidAt"
                FROM bills b JOIN houses h ON h.id = b.house_id JOIN fee_items f ON f.id = b.fee_item_id
                WHERE b.house_id = ANY (?) ORDER BY h.code, b.due DESC""", (Object) who.houseIds().toArray(Long[]::new)));
        out.put("signIns", Rows.list(c, """
                SELECT created_at AS "signedInAt", expires_at AS "expiresAt", revoked_at AS "signedOutAt"
                FROM sessions WHERE kind = 'resident' AND subject_id = ? ORDER BY created_at""", who.residentId()));
        out.put("loginCodes", Rows.list(c, """
                SELECT created_at AS "sentAt", used_at AS "usedAt", attempts FROM login_codes
                WHERE community_id = ? AND phone_hash = ANY (?) ORDER BY created_at""", who.communityId(),
                codeHashes(who)));
        out.put("textMessages", Rows.list(c, """
                SELECT purpose, state, error_code AS "errorCode", created_at AS "createdAt", sent_at AS "sentAt",
                       reported_at AS "reportedAt" FROM sms_messages WHERE phone_hash = ANY (?) ORDER BY created_at""",
                (Object) phoneLookups(who)));
        String actor = "resident:" + who.code();
        out.put("accessLog", Rows.list(c, """
                SELECT at, actor, action, details FROM audit_log
                WHERE community_id = ? AND (actor = ? OR subject = ?) ORDER BY id""", who.communityId(), actor, actor));
    }

    @Override
    public String erase(Connection c, DataSubject who, String marker) throws SQLException {
        Rows.update(c, "DELETE FROM binding_requests WHERE resident_id = ?", who.residentId());
        // a pack-provided openid would come back with the next import: remember it was withdrawn
        Rows.update(c, """
                INSERT INTO withdrawn_identities (community_id, kind, value_hash)
                SELECT community_id, kind, value_hash FROM resident_identities
                WHERE resident_id = ? AND kind = 'wechat_openid' AND source = 'pack' AND value_hash IS NOT NULL
                ON CONFLICT DO NOTHING""", who.residentId());
        int bindings = Rows.update(c, """
                DELETE FROM resident_identities WHERE resident_id = ? AND (source = 'bound' OR kind = 'wechat_openid')""",
                who.residentId());
        int sessions = Rows.update(c, "DELETE FROM sessions WHERE kind = 'resident' AND subject_id = ?", who.residentId());
        int codes = Rows.update(c, "DELETE FROM login_codes WHERE community_id = ? AND phone_hash = ANY (?)",
                who.communityId(), codeHashes(who));
        Rows.update(c, "DELETE FROM sms_sends WHERE phone_hash = ANY (?)", (Object) codeHashes(who));
        // their number and what was texted to it when; the send counts of the gateway's limits go with them
        int texts = Rows.update(c, "DELETE FROM sms_messages WHERE phone_hash = ANY (?)", (Object) phoneLookups(who));
        // the audit log is append-only and names residents by code only: it stays
        return bindings + " bindings, " + sessions + " sessions, " + codes + " sign-in codes, " + texts
                + " text-message records removed";
    }

    @Override
    public int expire(Connection c, Retention retention, String marker) throws SQLException {
        return Rows.update(c, "DELETE FROM login_codes WHERE created_at < now() - make_interval(days => ?)",
                retention.loginCodeDays())
                + Rows.update(c, "DELETE FROM sms_sends WHERE sent_at < now() - make_interval(days => ?)",
                retention.loginCodeDays())
                + Rows.update(c, """
                        DELETE FROM sessions WHERE coalesce(revoked_at, expires_at) < now() - make_interval(days => ?)""",
                retention.sessionDays())
                // text-message records (the limits need a day of them) are kept like delivered notices
                + Rows.update(c, "DELETE FROM sms_messages WHERE created_at < now() - make_interval(days => ?)",
                retention.noticeDays());
    }

    private String[] phoneLookups(DataSubject who) {
        return who.phoneLookups(personalData).toArray(String[]::new);
    }

    private String[] codeHashes(DataSubject who) {
        return who.phones().stream().map(p -> LoginCodes.phoneHash(personalData, p)).toArray(String[]::new);
    }
}
