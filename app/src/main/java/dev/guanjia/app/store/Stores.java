package dev.guanjia.app.store;

import dev.guanjia.app.privacy.PersonalDataMap;
import dev.guanjia.bot.memory.PostgresChatMemoryStore;
import dev.guanjia.community.billing.Bills;
import dev.guanjia.community.change.ChangeFeed;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.community.resident.ResidentDirectory;
import dev.guanjia.community.staff.StaffDirectory;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.resident.BindingRequests;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.LoginCodes;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.community.sms.SmsMessages;
import dev.guanjia.community.staff.StaffAccounts;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.handoff.Availability;
import dev.guanjia.desk.handoff.Callbacks;
import dev.guanjia.desk.handoff.HandoffIntake;
import dev.guanjia.desk.notice.ConversationNotices;
import dev.guanjia.desk.privacy.ResidentData;
import dev.guanjia.desk.reporting.KpiReport;
import dev.guanjia.payments.reminder.ReminderOptOuts;
import dev.guanjia.payments.reminder.ReminderPolicies;
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
public record Stores(DataSource db, Clock clock, PersonalData personalData, ChangeFeed changes, Community community, Desk desk, Ticketing ticketing,
                     PostgresChatMemoryStore memory, CallRecords calls, ResidentData residentData,
                     PaymentReminders paymentReminders, java.util.Optional<dev.guanjia.payments.Payments> payments,
                     BookingStores bookings) {

    /** The bookings module's stores: bookable facilities with their rules, and the bookings. */
    public record BookingStores(dev.guanjia.bookings.facility.Bookables bookables,
                                dev.guanjia.bookings.booking.Bookings bookings) {
    }

    /** The community module's stores: who lives where, who works there, how they sign in, what was texted. */
    public record Community(CommunityDirectory directory, Residents residents, Bindings bindings,
                            BindingRequests bindingRequests, Bills bills, StaffAccounts staff, Sessions sessions,
                            LoginCodes loginCodes, StaffDirectory staffDirectory, ResidentDirectory residentDirectory,
                            SmsMessages smsMessages) {
    }

    /**
     * The desk module's stores: conversations, hand-offs, call backs, reports, the questions the bot
     * could not answer and residents' ratings of its answers.
     */
    public record Desk(ConversationLog conversations, Callbacks callbacks, Availability availability,
                       ConversationNotices notices, KpiReport reports,
                       dev.guanjia.desk.unanswered.UnansweredQuestions unanswered,
                       dev.guanjia.desk.feedback.AnswerFeedback feedback) {

        /** How the agent hands a conversation to people. */
        public HandoffIntake intake() {
            return new HandoffIntake(conversations, availability, callbacks);
        }
    }

    /** The ticketing module's stores: work orders and the photos and recordings residents send. */
    public record Ticketing(WorkOrders orders, OpenWorkOrders open, ResidentMedia media) {
    }

    /** The payments module's reminder stores: each community's policy and residents' opt-outs. */
    public record PaymentReminders(ReminderPolicies policies, ReminderOptOuts optOuts) {
    }

    /** The notices (公告) of every community, read and written by the service's clock. */
    public dev.guanjia.notices.notice.Notices notices() {
        return new dev.guanjia.notices.notice.Notices(db, clock, community.directory());
    }

    /** Who the notices reached, where (read receipts). */
    public dev.guanjia.notices.receipt.NoticeReach noticeReach() {
        return new dev.guanjia.notices.receipt.NoticeReach(db, clock);
    }

    /**
     * @param personalData seals and opens residents' personal data in every store that keeps some
     * @param changes      told of the desk's changes (the console's live stream listens)
     */
    public static Stores open(DataSource db, Clock clock, PersonalData personalData, ChangeFeed changes) {
        return open(db, clock, personalData, changes, null);
    }

    /** @param merchant the WeChat Pay merchant account; null: online payment off (no payments store) */
    public static Stores open(DataSource db, Clock clock, PersonalData personalData, ChangeFeed changes,
                              dev.guanjia.payments.merchant.Merchant merchant) {
        CommunityDirectory directory = new CommunityDirectory(db);
        Residents residents = new Residents(db, personalData);
        Bindings bindings = new Bindings(db, personalData);
        ConversationLog conversations = new ConversationLog(db, personalData, changes);
        ResidentDirectory residentDirectory = new ResidentDirectory(db, personalData);
        java.util.Optional<dev.guanjia.payments.Payments> payments = java.util.Optional.ofNullable(merchant)
                .map(m -> new dev.guanjia.payments.Payments(db, m, clock, dev.guanjia.payments.Payments.Timing.DEFAULT));
        dev.guanjia.bookings.booking.Bookings bookings = new dev.guanjia.bookings.booking.Bookings(db, clock,
                directory::zone);
        // with online payment, a booking's fee is paid like a bill, and the booking stands once it is
        payments.ifPresent(p -> {
            bookings.withFees(new dev.guanjia.bookings.fee.BookingFees(p.refunds(),
                    dev.guanjia.bookings.fee.BookingFees.DEFAULT_HOLD));
            p.onSettled(order -> bookings.feesPaid(order.communityId(), order.billCodes()));
        });
        dev.guanjia.desk.unanswered.UnansweredQuestions unanswered = new dev.guanjia.desk.unanswered.UnansweredQuestions(
                db, personalData, dev.guanjia.knowledge.embedding.BgeSmallZhEmbedder.shared());
        // one store of callback tasks: the console's, and the phone line's for callers cut during a hand-off
        Callbacks callbacks = new Callbacks(db, personalData, changes);
        return new Stores(db, clock, personalData, changes,
                new Community(directory, residents, bindings, new BindingRequests(db, bindings, personalData),
                        new Bills(db), new StaffAccounts(db), new Sessions(db, personalData),
                        new LoginCodes(db, clock, personalData), new StaffDirectory(db), residentDirectory,
                        new SmsMessages(db, clock, personalData)),
                new Desk(conversations, callbacks, new Availability(db),
                        new ConversationNotices(db, conversations),
                        new KpiReport(db, directory::zone, residentDirectory, clock), unanswered,
                        new dev.guanjia.desk.feedback.AnswerFeedback(db, unanswered)),
                new Ticketing(new WorkOrders(db, clock), new OpenWorkOrders(db), new ResidentMedia(db, clock)),
                new PostgresChatMemoryStore(db), new CallRecords(db, personalData, callbacks),
                new ResidentData(db, residents, bindings, PersonalDataMap.holders(personalData), personalData),
                new PaymentReminders(new ReminderPolicies(db), new ReminderOptOuts(db, clock)),

                payments, new BookingStores(new dev.guanjia.bookings.facility.Bookables(db), bookings));
    }
}
