package dev.guanjia.desk.reporting;

import java.time.Instant;
import java.util.List;

/**
 * A supervisor's figures for one community and period. Times are seconds; rates 0..1 (null when
 * there was nothing to count).
 */
public record Kpis(String communityId, Instant from, Instant to,
                   Conversations conversations, List<IntentContainment> containmentByIntent,
                   Seconds botFirstResponse, Seconds agentFirstResponse, Seconds handoffWait, int waitsBreached,
                   WorkOrders workOrders, List<CategoryOrders> ordersByCategory, List<SlaStage> sla,
                   Satisfaction satisfaction, List<HotSpot> hotSpots, int[] messagesByHour, Complaints complaints) {

    /** Written on the dashboard next to the figure, so nobody has to guess what it counts. */
    public static final String CONTAINMENT_DEFINITION =
            "机器人独立解决率 = 未转人工且未登记回电的会话 ÷ 全部会话（只含问候语的会话不计）。"
                    + "会话曾进入人工队列即算转人工，即使后来交还机器人。";

    public record Conversations(int total, int handedOff, int contained, Double containmentRate,
                                Double handoffRate, int callbacks) {
    }

    public record IntentContainment(String intent, String label, int total, int contained, Double rate) {
    }

    /** Count, mean, median and 90th percentile of a duration. */
    public record Seconds(int count, Double mean, Double p50, Double p90) {
    }

    public record WorkOrders(int created, int completed, Double completionRate, Double meanHoursToComplete) {
    }

    public record CategoryOrders(String category, String label, int created, int completed, Double completionRate,
                                 Double meanHoursToComplete) {
    }

    /** One SLA stage (response, start, resolve): orders with that deadline, and those that met it. */
    public record SlaStage(String stage, String label, int total, int met, Double compliance) {
    }

    public record Satisfaction(int conversationScores, Double conversationMean, int orderRatings, Double orderMean) {
    }

    /** Complaints and repairs bunching in one building and category. */
    public record HotSpot(String building, String category, String label, int count) {
    }

    /**
     * Complaints and suggestions created in the period: hours to the supervisor's first answer, the
     * share of complaints answered and closed by their deadlines (of those whose deadline passed or
     * that were answered), the 回访 answers (share resolved, mean score), counts per subject and building.
     */
    public record Complaints(int complaints, int suggestions, int answered, Double meanHoursToFirstAnswer,
                             Double medianHoursToFirstAnswer, Double answeredInTime, Double closedInTime,
                             int followUps, Double resolvedRate, Double meanFollowUpScore,
                             List<ComplaintCount> bySubject, List<ComplaintCount> byBuilding) {
    }

    /** A count of complaints or suggestions (kind) by a subject or a building (key). */
    public record ComplaintCount(String kind, String key, String label, int count) {
    }
}
