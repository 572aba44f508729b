package dev.guanjia.desk.handoff;

import dev.guanjia.community.settings.CommunitySettings;

import javax.sql.DataSource;

/** Per-community hand-off settings (kept by the community module), with the defaults a desk starts from. */
final class Settings {

    /** A waiting resident past this many minutes is shown as breached and supervisors are alerted. */
    static final String WAIT_SLA = "handoff.wait_sla_minutes";
    /** Past this expected wait the resident is offered a callback instead of waiting. */
    static final String CALLBACK_AFTER = "handoff.callback_after_minutes";

    private Settings() {
    }

    static int waitSlaMinutes(DataSource db, String communityId) {
        return new CommunitySettings(db).positive(communityId, WAIT_SLA, 5);
    }

    static int callbackAfterMinutes(DataSource db, String communityId) {
        return new CommunitySettings(db).positive(communityId, CALLBACK_AFTER, 10);
    }
}
