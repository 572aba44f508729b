package dev.guanjia.app.privacy;

import dev.guanjia.desk.privacy.ResidentData;
import dev.guanjia.community.privacy.ResidentRecords;
import dev.guanjia.community.privacy.PersonalData;
import dev.guanjia.voice.call.CallHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where residents' data lives: the holders that export, erase and expire it (one per module; the
 * voice module's is added here because the bot cannot depend on voice), and the tables that hold
 * none, each with the reason. A test fails when a table is in neither.
 */
public final class PersonalDataMap {

    /** Tables without residents' data, and why. */
    public static final Map<String, String> NO_RESIDENT_DATA = Map.ofEntries(
            Map.entry("communities", "the community's own name, address and service phones"),
            Map.entry("buildings", "building layout from the pack"),
            Map.entry("houses", "house facts (code, area, type); who lives there is in resident_houses"),
            Map.entry("staff", "employees, not residents"),
            Map.entry("staff_credentials", "employees' password hashes"),
            Map.entry("staff_presence", "when employees were last at their console"),
            Map.entry("fee_items", "the fee schedule"),
            Map.entry("community_settings", "per-community switches (dispatch mode, SLA overrides)"),
            Map.entry("kb_documents", "knowledge-base articles written by the company"),
            Map.entry("kb_document_versions", "every saved version of a knowledge article and the staff member who saved it"),
            Map.entry("sla_policies", "response and resolution targets per category"),
            Map.entry("reminder_policies", "each community's payment-reminder policy"),
            Map.entry("payment_reminders", "which bill was reminded at which stage and when; who was told is in "
                    + "reminder_messages"),
            Map.entry("wechat_nonces", "nonces and body hashes of WeChat callbacks for five minutes (replay check)"),
            Map.entry("rate_limits", "a SHA-256 of limiter and key (address, openid, visitor) and a time; gone a "
                    + "minute after the key's last request"),
            Map.entry("sign_in_failures", "a SHA-256 of the address staff sign-ins failed from, counts and times; "
                    + "gone an hour after the last failure"),
            Map.entry("payment_notifies", "WeChat Pay notify ids, event types and outcomes (retries answered once)"),
            Map.entry("payment_reconcile_days", "which bill days were reconciled and when"),
            Map.entry("payment_reconcile_runs", "reconciliation runs: counts, the bill's hash, errors"),
            Map.entry("payment_reconcile_findings", "order and transaction numbers with amounts; no payer (openid) kept"),
            Map.entry("notices", "the company's notices: title, body, buildings, days, the staff member who wrote them"),

            Map.entry("bookables", "the community's bookable facilities and their hours, fees and capacity"),
            Map.entry("booking_rules", "each community's booking rules"));

    private PersonalDataMap() {
    }

    public static List<ResidentRecords> holders(PersonalData personalData) {
        List<ResidentRecords> all = new ArrayList<>(ResidentData.core(personalData));
        all.add(new CallHistory(personalData));
        all.add(new dev.guanjia.channels.wechat.EstateChoices(personalData));
        all.add(new dev.guanjia.payments.reminder.ReminderRecords());
        all.add(new dev.guanjia.payments.privacy.PaymentRecords());
        all.add(new dev.guanjia.notices.privacy.NoticeRecords());
        all.add(new dev.guanjia.bookings.privacy.BookingRecords());
        return List.copyOf(all);
    }
}
