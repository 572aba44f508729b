package dev.guanjia.community.resident;

import dev.guanjia.community.audit.AuditLog;
import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Binding by name and house, for residents who cannot receive a code (a landline on record, a
 * number that changed). Name and house are known to neighbours, so the claim alone binds nothing:
 * it waits for a person at the service centre, who checks it (calls the number on record, sees the
 * resident) and confirms it to the resident the claim matches or one they choose.
 */
public final class BindingRequests {

    /** A claim as staff see it; {@code matchedResident} is the resident whose name and house it fits, if any. */
    public record Request(long id, String claimedName, String claimedHouse, String houseCode, String matchedResident,
                          String matchedName, UUID conversationId, String status, OffsetDateTime createdAt) {
    }

    /** Why a decision could not be made: an English code and words for staff. */
    public static final class Refused extends RuntimeException {
        private final String code;

        public Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** What a confirmation did: who was bound, and where to tell them. */
    public record Confirmed(String residentCode, String kind, String value, UUID conversationId) {
    }

    private final DataSource db;
    private final PersonalData personalData;
    private final Bindings bindings;

    public BindingRequests(DataSource db, Bindings bindings, PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
        this.bindings = bindings;
    }

    /**
     * Files a claim (replacing this follower's earlier pending one); returns its id. The house is
     * matched here for the staff's convenience only: the follower is told the same either way.
     */
    public long file(String communityId, String kind, String value, String name, String building, String unit,
                     String room, UUID conversation) {
        String house = building + "栋" + unit + "单元" + room;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (long earlier : pendingOf(c, communityId, kind, value)) {
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE binding_requests SET status = 'rejected', decided_at = now(), decided_by = 'superseded' WHERE id = ?")) {
                        s.setLong(1, earlier);
                        s.executeUpdate();
                    }
                }
                Long houseId = null;
                Long residentId = null;
                try (PreparedStatement s = c.prepareStatement("""
                        SELECT h.id FROM houses h JOIN buildings b ON b.id = h.building_id
                        WHERE h.community_id = ? AND upper(b.code) = upper(?) AND h.unit = ?
                          AND ltrim(h.room, '0') = ltrim(?, '0')""")) {
                    s.setString(1, communityId);
                    s.setString(2, building);
                    s.setString(3, unit);
                    s.setString(4, room);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            houseId = rs.getLong(1);
                        }
                    }
                }
                if (houseId != null) {
                    try (PreparedStatement s = c.prepareStatement("""
                            SELECT r.id, r.name FROM resident_houses rh JOIN residents r ON r.id = rh.resident_id
                            WHERE rh.house_id = ? ORDER BY r.id""")) {
                        s.setLong(1, houseId);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next() && residentId == null) {
                                if (name.equals(personalData.open(rs.getString(2)))) {
                                    residentId = rs.getLong(1);
                                }
                            }
                        }
                    }
                }
                long id;
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO binding_requests (community_id, kind, value, claimed_name, claimed_house, house_id,
                                                      resident_id, conversation_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
                    s.setString(1, communityId);
                    s.setString(2, kind);
                    s.setString(3, personalData.seal(value));
                    s.setString(4, personalData.seal(name));
                    s.setString(5, house);
                    s.setObject(6, houseId, Types.BIGINT);
                    s.setObject(7, residentId, Types.BIGINT);
                    s.setObject(8, conversation, Types.OTHER);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                AuditLog.append(c, "channel:" + kind, "binding.requested", communityId, "binding_request:" + id,
                        house);
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot file binding request: " + e.getMessage(), e);
        }
    }

    /** Whether this follower has a claim waiting for the service centre. */
    public boolean pending(String communityId, String kind, String value) {
        try (Connection c = db.getConnection()) {
            return !pendingOf(c, communityId, kind, value).isEmpty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read binding requests: " + e.getMessage(), e);
        }
    }

    /** The community's claims waiting for a decision, oldest first. */
    public List<Request> open(String communityId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT q.id, q.claimed_name, q.claimed_house, h.code, r.code, r.name, q.conversation_id, q.status,
                       q.created_at
                FROM binding_requests q LEFT JOIN houses h ON h.id = q.house_id
                LEFT JOIN residents r ON r.id = q.resident_id
                WHERE q.community_id = ? AND q.status = 'pending' ORDER BY q.created_at""")) {
            s.setString(1, communityId);
            List<Request> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Request(rs.getLong(1), personalData.open(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), personalData.open(rs.getString(6)),
                            rs.getObject(7, UUID.class), rs.getString(8), rs.getObject(9, OffsetDateTime.class)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read binding requests: " + e.getMessage(), e);
        }
    }

    /**
     * Binds the follower to a resident after staff checked the claim: the one named, or else the
     * one the claim matched. Refused when the claim is decided already or fits nobody.
     */
    public Confirmed confirm(String communityId, long id, String residentCode, String staffCode) {
        Pending p = pendingRow(communityId, id);
        String code = residentCode == null || residentCode.isBlank() ? p.matchedCode() : residentCode.strip();
        if (code == null) {
            throw new Refused("resident_required", "这个申请与登记的住户对不上，请核实后指定要绑定的住户编号（resident）。");
        }
        decide(id, "confirmed", staffCode);
        try {
            bindings.bind(communityId, code, p.kind(), p.value());
        } catch (IllegalArgumentException e) {
            decide(id, "pending", null);
            throw new Refused("no_resident", "本小区没有住户" + code + "。");
        }
        AuditLog.record(db, "staff:" + staffCode, "binding.confirmed", communityId, "binding_request:" + id,
                "resident:" + code);
        return new Confirmed(code, p.kind(), p.value(), p.conversationId());
    }

    /** Turns a claim down (it could not be verified); returns where to tell the follower. */
    public Confirmed reject(String communityId, long id, String staffCode) {
        Pending p = pendingRow(communityId, id);
        decide(id, "rejected", staffCode);
        AuditLog.record(db, "staff:" + staffCode, "binding.rejected", communityId, "binding_request:" + id, "");
        return new Confirmed(null, p.kind(), p.value(), p.conversationId());
    }

    private record Pending(String kind, String value, String matchedCode, UUID conversationId) {
    }

    private Pending pendingRow(String communityId, long id) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT q.kind, q.value, r.code, q.conversation_id FROM binding_requests q
                LEFT JOIN residents r ON r.id = q.resident_id
                WHERE q.community_id = ? AND q.id = ? AND q.status = 'pending'""")) {
            s.setString(1, communityId);
            s.setLong(2, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new Refused("not_found", "没有这个待处理的绑定申请。");
                }
                return new Pending(rs.getString(1), personalData.open(rs.getString(2)), rs.getString(3),
                        rs.getObject(4, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read binding request: " + e.getMessage(), e);
        }
    }

    private void decide(long id, String status, String staffCode) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE binding_requests SET status = ?, decided_at = CASE WHEN ? = 'pending' THEN NULL ELSE now() END,"
                        + " decided_by = ? WHERE id = ?")) {
            s.setString(1, status);
            s.setString(2, status);
            s.setString(3, staffCode);
            s.setLong(4, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot decide binding request: " + e.getMessage(), e);
        }
    }

    private List<Long> pendingOf(Connection c, String communityId, String kind, String value)
            throws SQLException {
        List<Long> out = new ArrayList<>();
        // few claims wait at a time, and the sealed value cannot be compared in SQL
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, value FROM binding_requests WHERE community_id = ? AND kind = ? AND status = 'pending'")) {
            s.setString(1, communityId);
            s.setString(2, kind);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (value.equals(personalData.open(rs.getString(2)))) {
                        out.add(rs.getLong(1));
                    }
                }
            }
        }
        return out;
    }
}
