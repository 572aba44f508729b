package dev.guanjia.community.resident;

import dev.guanjia.community.privacy.PersonalData;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Residents as other modules show them: code and name by id (in one query for a whole list), the
 * phone to call back on, the building they live in. Only this module reads the residents' tables.
 */
public final class ResidentDirectory {

    /** A resident's pack code and name (opened). */
    public record Card(long id, String code, String name) {
    }

    private final DataSource db;
    private final PersonalData personalData;

    public ResidentDirectory(DataSource db, PersonalData personalData) {
        this.db = db;
        this.personalData = personalData;
    }

    /** Code and name of each resident, by id. */
    public Map<Long, Card> cards(Collection<Long> ids) {
        Map<Long, Card> out = new HashMap<>();
        for (Object[] row : rows("SELECT id, code, name FROM residents WHERE id = ANY (?)", ids)) {
            out.put((Long) row[0], new Card((Long) row[0], (String) row[1],
                    personalData.open((String) row[2])));
        }
        return out;
    }

    /** The resident's first phone number on record (opened), to call them back on. */
    public Optional<String> phone(long residentId) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT value FROM resident_identities WHERE resident_id = ? AND kind = 'phone' ORDER BY id LIMIT 1")) {
            s.setLong(1, residentId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(personalData.open(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read phone: " + e.getMessage(), e);
        }
    }

    /** The code of a building each resident lives in (the first by code), by resident id. */
    public Map<Long, String> buildings(Collection<Long> residentIds) {
        Map<Long, String> out = new HashMap<>();
        for (Object[] row : rows("""
                SELECT DISTINCT ON (rh.resident_id) rh.resident_id, b.code FROM resident_houses rh
                JOIN houses h ON h.id = rh.house_id JOIN buildings b ON b.id = h.building_id
                WHERE rh.resident_id = ANY (?) ORDER BY rh.resident_id, b.code""", residentIds)) {
            out.put((Long) row[0], (String) row[1]);
        }
        return out;
    }

    /** The code of each house's building, by house id. */
    public Map<Long, String> buildingsOfHouses(Collection<Long> houseIds) {
        Map<Long, String> out = new HashMap<>();
        try (Connection c = db.getConnection()) {
            Households.houses(c, houseIds.stream().filter(java.util.Objects::nonNull).distinct().toList())
                    .forEach((id, house) -> out.put(id, house.buildingCode()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read houses: " + e.getMessage(), e);
        }
        return out;
    }

    /** Every resident of the community, in the order they were stored. */
    public List<Card> of(String communityId) {
        List<Card> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, code, name FROM residents WHERE community_id = ? ORDER BY id")) {
            s.setString(1, communityId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Card(rs.getLong(1), rs.getString(2), personalData.open(rs.getString(3))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list residents: " + e.getMessage(), e);
        }
        return out;
    }

    /** A phone number on record and its resident's name (opened). */
    public record Contact(long residentId, String phone, String name) {
    }

    /** Every phone number on record in the community, with whose it is. */
    public List<Contact> phoneBook(String communityId) {
        List<Contact> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT r.id, i.value, r.name FROM resident_identities i JOIN residents r ON r.id = i.resident_id
                WHERE i.community_id = ? AND i.kind = 'phone' ORDER BY i.id""")) {
            s.setString(1, communityId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Contact(rs.getLong(1), personalData.open(rs.getString(2)),
                            personalData.open(rs.getString(3))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read phone numbers: " + e.getMessage(), e);
        }
        return out;
    }

    /** Rows of (id, text, text...) for the ids given as the one array parameter. */
    private List<Object[]> rows(String sql, Collection<Long> ids) {
        List<Object[]> out = new ArrayList<>();
        Long[] wanted = ids.stream().filter(java.util.Objects::nonNull).distinct().toArray(Long[]::new);
        if (wanted.length == 0) {
            return out;
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("bigint", wanted));
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    row[0] = rs.getLong(1);
                    for (int i = 2; i <= columns; i++) {
                        row[i - 1] = rs.getString(i);
                    }
                    out.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read residents: " + e.getMessage(), e);
        }
        return out;
    }
}
