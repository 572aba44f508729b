package dev.guanjia.ticketing.workorder;

/**
 * The notices a work-order change sends, as residents and staff read them (WeChat, SMS, console):
 * kept together so their wording can be read and changed in one place.
 */
final class WorkOrderNotices {

    private WorkOrderNotices() {
    }

    // ---------------------------------------------------------------- to the resident

    static String received(String code) {
        return "您的报修已受理，单号" + code + "。";
    }

    static String receivedComplaint(String code, String kindLabel) {
        return "您的" + kindLabel + "已受理，单号" + code + "，由物业客服主管负责答复。";
    }

    static String dispatched(String code) {
        return "已为您的工单" + code + "安排维修人员。";
    }

    static String assigned(String code) {
        return "您的工单" + code + "已安排维修人员。";
    }

    static String claimed(String code, String technician) {
        return "您的工单" + code + "已由" + technician + "接单。";
    }

    static String started(String code) {
        return "维修人员已开始处理您的工单" + code + "。";
    }

    static String completed(String code) {
        return "您的工单" + code + "已处理完成，请验收并评价。";
    }

    static String cancelledByStaff(String code, String reason) {
        return "您的工单" + code + "已取消：" + reason;
    }

    // ---------------------------------------------------------------- to staff

    static String newOrder(String code, String categoryLabel) {
        return "新工单" + code + "：" + categoryLabel + "，请及时处理。";
    }

    static String needsDispatch(String code, String reason) {
        return "工单" + code + "需要主管派单：" + reason;
    }

    static String yours(String code) {
        return "工单" + code + "已派给您，请及时处理。";
    }

    static String reassigned(String code) {
        return "工单" + code + "已改派他人。";
    }

    static String givenBack(String code, String reason) {
        return "工单" + code + "被退回，需要重新派单：" + reason;
    }

    static String accepted(String code) {
        return "工单" + code + "已验收通过。";
    }

    static String rejected(String code, String reason) {
        return "工单" + code + "验收未通过，请返工：" + reason;
    }

    static String cancelled(String code) {
        return "工单" + code + "已取消。";
    }

    static String rated(String code, int stars) {
        return "工单" + code + "收到住户评价：" + stars + "星。";
    }

    static String scheduled(String code, String window) {
        return "工单" + code + "的上门时间：" + window + "。";
    }

    static String detailAdded(String code, String words) {
        return "工单" + code + "住户补充：" + words;
    }
}
