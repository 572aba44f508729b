package dev.guanjia.app.store;

import dev.guanjia.app.privacy.PersonalDataMap;
import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.resident.BindingRequests;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.LoginCodes;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.community.staff.StaffAccounts;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.handoff.HandoffIntake;
import dev.guanjia.desk.notice.ConversationNotices;
import dev.guanjia.desk.privacy.ResidentData;
import dev.guanjia.desk.reporting.KpiReport;
import dev.guanjia.ticketing.media.ResidentMedia;
import dev.guanjia.ticketing.workorder.OpenWorkOrders;
import dev.guanjia.ticketing.workorder.WorkOrders;
import dev.guanjia.voice.call.CallRecords;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Every store of the system of record, each built once over the one pool and handed to whoever
 * needs it: the routes, the background jobs, the agent and the phone line share the same objects.
 * Named by the module that owns the tables.
 */
public record Stores(DataSource db, Clock clock, Community community, Desk desk, Ticketing ticketing,
                     PostgresChatMemoryStore memory, CallRecords calls, ResidentData residentData) {

    /** The community module's stores: who lives where, who works there, how they sign in. */
    public record Community(CommunityDirectory directory, Residents residents, Bindings bindings,
                            BindingRequests bindingRequests, Bills bills, StaffAccounts staff, Sessions sessions,
                            LoginCodes loginCodes) {
    }

    /** The desk module's stores: conversations, hand-offs, call backs, reports. */
    public record Desk(ConversationLog conversations, Callbacks callbacks, Availability availability,
                       ConversationNotices notices, KpiReport reports) {

        /** How the agent hands a conversation to people. */
        public HandoffIntake intake() {
            return new HandoffIntake(conversations, availability, callbacks);
        }
    }

    /** The ticketing module's stores: work orders and the photos and recordings residents send. */
    public record Ticketing(WorkOrders orders, OpenWorkOrders open, ResidentMedia media) {
    }

    public static Stores open(DataSource db, Clock clock) {
        CommunityDirectory directory = new CommunityDirectory(db);
        Residents residents = new Residents(db);
        Bindings bindings = new Bindings(db);
        ConversationLog conversations = new ConversationLog(db);
        return new Stores(db, clock,
                new Community(directory, residents, bindings, new BindingRequests(db, bindings), new Bills(db),
                        new StaffAccounts(db), new Sessions(db), new LoginCodes(db, clock)),
                new Desk(conversations, new Callbacks(db), new Availability(db),
                        new ConversationNotices(db, conversations), new KpiReport(db, directory::zone)),
                new Ticketing(new WorkOrders(db, clock), new OpenWorkOrders(db), new ResidentMedia(db, clock)),
                new PostgresChatMemoryStore(db), new CallRecords(db),
                new ResidentData(db, residents, bindings, PersonalDataMap.holders()));
    }
}
