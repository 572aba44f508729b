package dev.guanjia.community.session;

/**
 * Who is calling, as the server established it (never as the client claims).
 *
 * @param kind      resident or staff
 * @param subjectId the resident's or staff member's database id
 * @param role      for staff: agent, technician, supervisor, admin; for residents: "resident"
 * @param code      the pack id of the resident or staff member (r001, s05), for logs and events
 */
public record Caller(String communityId, Kind kind, long subjectId, String role, String code, String name) {

    public enum Kind { RESIDENT, STAFF }

    public boolean isResident() {
        return kind == Kind.RESIDENT;
    }

    public boolean isStaff() {
        return kind == Kind.STAFF;
    }

    public boolean hasRole(String... roles) {
        for (String r : roles) {
            if (r.equals(role)) {
                return true;
            }
        }
        return false;
    }

    /** "resident:r001" / "staff:s05": how the caller appears in timelines and the audit log. */
    public String actor() {
        return (isResident() ? "resident:" : "staff:") + code;
    }
}
