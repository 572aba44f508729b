package dev.guanjia.community.sms;

import java.time.Instant;
import java.util.Objects;

/**
 * A carrier's delivery report for one message to one number, as the gateway pushes or answers it.
 *
 * @param bizId      the gateway's id of the send
 * @param phone      the number as the gateway writes it
 * @param delivered  true when the phone received it
 * @param errorCode  the carrier's code ({@code DELIVERED} when received)
 * @param outId      our id of the send, echoed back; may be null
 * @param reportedAt when the carrier reported it; null when unknown
 */
public record SmsReport(String bizId, String phone, boolean delivered, String errorCode, String errorMessage,
                        String outId, Instant reportedAt) {

    public SmsReport {
        Objects.requireNonNull(bizId, "bizId");
        Objects.requireNonNull(phone, "phone");
    }
}
