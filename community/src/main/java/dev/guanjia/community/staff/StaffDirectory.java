package dev.guanjia.community.staff;

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
 * Who works for a community (ids, codes, names, roles), for the modules that show or pick staff:
 * the desk's console, its reports, the demo sign-ins. Only this module reads the staff table.
 */
public final class StaffDirectory {

    /** Roles that work the console (technicians have their own page). */
    public static final List<String> CONSOLE = List.of("agent", "supervisor", "admin");

    public record Member(long id, String communityId, String code, String name, String role) {
        public boolean hasRole(Collection<String> roles) {
            return roles.contains(role);
        }
    }

    private final DataSource db;

    public StaffDirectory(DataSource db) {
        this.db = db;
    }

    /** Every staff member of the community, by code. */
    public List<Member> of(String communityId) {
        List<Member> out = new ArrayList<>();
        query("SELECT id, community_id, code, name, role FROM staff WHERE community_id = ? ORDER BY code",
                communityId, out);
        return out;
    }

    /** The staff member with this code in the community. */
    public Optional<Member> find(String communityId, String code) {
        List<Member> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, community_id, code, name, role FROM staff WHERE community_id = ? AND code = ?")) {
            s.setString(1, communityId);
            s.setString(2, code);
            read(s, out);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find staff: " + e.getMessage(), e);
        }
        return out.stream().findFirst();
    }

    /** Staff members by id, in one query (for names beside ids another module stores). */
    public Map<Long, Member> byIds(Collection<Long> ids) {
        Map<Long, Member> out = new HashMap<>();
        List<Long> wanted = ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (wanted.isEmpty()) {
            return out;
        }
        List<Member> found = new ArrayList<>();
        query("SELECT id, community_id, code, name, role FROM staff WHERE id = ANY (?)", wanted.toArray(Long[]::new),
                found);
        found.forEach(m -> out.put(m.id(), m));
        return out;
    }

    private void query(String sql, Object parameter, List<Member> out) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter instanceof Long[] ids) {
                s.setArray(1, c.createArrayOf("bigint", ids));
            } else {
                s.setObject(1, parameter);
            }
            read(s, out);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read staff: " + e.getMessage(), e);
        }
    }

    private static void read(PreparedStatement s, List<Member> out) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Member(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
    }
}
