package dev.guanjia.channels.wechat;

import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.workorder.Status;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrders;

import java.util.Optional;

/** A photo a bound resident sends goes onto their latest unfinished work order. */
public final class WeChatPhotos {

    private final String communityId;
    private final Residents residents;
    private final WorkOrders orders;

    public WeChatPhotos(String communityId, Residents residents, WorkOrders orders) {
        this.communityId = communityId;
        this.residents = residents;
        this.orders = orders;
    }

    /** The reply when the photo was attached; empty when there is no resident or open order to attach it to. */
    public Optional<String> attach(String openid, String mediaId) {
        Optional<Resident> r = residents.identify(communityId, "wechat_openid", openid);
        if (r.isEmpty() || mediaId == null) {
            return Optional.empty();
        }
        Caller caller = new Caller(communityId, Caller.Kind.RESIDENT, r.get().id(), "resident", r.get().code(),
                r.get().name());
        Optional<WorkOrder> open = orders.list(caller, WorkOrders.Filter.all()).stream()
                .filter(w -> w.status() == Status.SUBMITTED || w.status() == Status.ASSIGNED
                        || w.status() == Status.IN_PROGRESS)
                .findFirst();
        return open.map(w -> {
            orders.attach(caller, w.code(), "wechat-media:" + mediaId);
            return "已把这张图片补充到您的工单" + w.code() + "「" + w.title() + "」，维修人员会看到。";
        });
    }
}
