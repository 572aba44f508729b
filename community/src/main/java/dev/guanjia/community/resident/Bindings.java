package dev.guanjia.community.resident;

import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Channel identities residents add themselves after verification (a WeChat openid bound with a phone
 * code). They are kept across pack re-imports (source 'bound') and removed on unsubscribe.
 */
public final class Bindings {

    private final DataSource db;
    private final PersonalData personalData;

    public Bindings(DataSource db, PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
    }

    public void bind(String communityId, String residentCode, String kind, String value) {
        Residents.forgetHeld();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO resident_identities (community_id, resident_id, kind, value, value_hash, source)
                SELECT community_id, id, ?, ?, ?, 'bound' FROM residents WHERE community_id = ? AND code = ?
                ON CONFLICT (community_id, kind, value_hash) DO UPDATE SET resident_id = excluded.resident_id""")) {
            s.setString(1, kind);
            s.setString(2, personalData.seal(value));
            s.setString(3, personalData.lookup(kind, value));
            s.setString(4, communityId);
            s.setString(5, residentCode);
            if (s.executeUpdate() != 1) {
                throw new IllegalArgumentException("no resident " + residentCode + " in " + communityId);
            }
            // binding again is a new consent: a later pack import may bring the identity back
            try (PreparedStatement w = c.prepareStatement(
                    "DELETE FROM withdrawn_identities WHERE community_id = ? AND kind = ? AND value_hash = ?")) {
                w.setString(1, communityId);
                w.setString(2, kind);
                w.setString(3, personalData.lookup(kind, value));
                w.executeUpdate();
            }
            dev.guanjia.community.audit.AuditLog.record(db, "resident:" + residentCode, "binding.added", communityId,
                    "resident:" + residentCode, kind);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot bind identity: " + e.getMessage(), e);
        }
    }

    /** Removes a binding the resident made; identities from the pack stay. */
    public boolean unbind(String communityId, String kind, String value) {
        Residents.forgetHeld();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM resident_identities WHERE community_id = ? AND kind = ? AND value_hash = ? AND source = 'bound'")) {
            s.setString(1, communityId);
            s.setString(2, kind);
            s.setString(3, personalData.lookup(kind, value));
            boolean removed = s.executeUpdate() > 0;
            if (removed) {
                dev.guanjia.community.audit.AuditLog.record(db, "channel:" + kind, "binding.removed", communityId,
                        kind, "unsubscribed");
            }
            return removed;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot unbind identity: " + e.getMessage(), e);
        }
    }

    /** A resident's identities of one kind (their WeChat openids, for notices). */
    public List<String> of(long residentId, String kind) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT value FROM resident_identities WHERE resident_id = ? AND kind = ? ORDER BY id")) {
            s.setLong(1, residentId);
            s.setString(2, kind);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(personalData.open(rs.getString(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read identities: " + e.getMessage(), e);
        }
    }
}
