package dev.guanjia.notices.delivery;

import dev.guanjia.community.resident.Households;
import dev.guanjia.notices.notice.Notice;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Who a notice is for: everyone who belongs to a house in its buildings (or in the community). */
public final class Audience {

    private Audience() {
    }

    /** The residents of the notice's houses, by id. */
    public static TreeSet<Long> of(Connection c, Notice n) throws SQLException {
        Collection<Long> houses;
        if (n.communityWide()) {
            houses = Households.houseIdsByCode(c, n.communityId()).values();
        } else {
            List<Long> in = new ArrayList<>();
            for (String b : n.buildings()) {
                in.addAll(Households.houseIdsInBuilding(c, n.communityId(), b));
            }
            houses = in;
        }
        TreeSet<Long> out = new TreeSet<>();
        for (Households.Member m : Households.members(c, houses)) {
            out.add(m.residentId());
        }
        return out;
    }

    /** The number of residents a notice is for. */
    static int size(Connection c, Notice n) throws SQLException {
        return of(c, n).size();
    }
}
