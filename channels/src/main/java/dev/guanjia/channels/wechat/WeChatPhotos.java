package dev.guanjia.channels.wechat;

import dev.guanjia.community.resident.Resident;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.media.ResidentMedia;
import dev.guanjia.ticketing.workorder.Status;
import dev.guanjia.ticketing.workorder.WorkOrder;
import dev.guanjia.ticketing.workorder.WorkOrderException;
import dev.guanjia.ticketing.workorder.WorkOrders;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Photos and voice a follower sends. Each is recorded at once and downloaded from WeChat right away
 * (WeChat keeps it only 3 days; a failed download is retried by {@link #fetchDue()}). A photo of a
 * bound resident goes onto their open work order; with several open orders they are asked which;
 * with none it waits for the next order they report.
 */
public final class WeChatPhotos {

    private static final Logger LOG = Logger.getLogger(WeChatPhotos.class.getName());

    private final String communityId;
    private final Residents residents;
    private final WorkOrders orders;
    private final ResidentMedia media;
    private final WeChatApi api;
    private final Executor downloads;

    public WeChatPhotos(String communityId, Residents residents, WorkOrders orders, ResidentMedia media,
                        WeChatApi api, Executor downloads) {
        this.communityId = communityId;
        this.residents = residents;
        this.orders = orders;
        this.media = media;
        this.api = api;
        this.downloads = downloads;
    }

    /**
     * Records an image or voice message and starts its download; the reply for a photo (attached,
     * or the question which order), empty for anything else or when the usual reply fits.
     */
    public Optional<String> receive(String openid, String conversationId, String msgType, String mediaId) {
        if (mediaId == null || mediaId.isBlank() || !("image".equals(msgType) || "voice".equals(msgType))) {
            return Optional.empty();
        }
        Optional<Resident> r = residents.identify(communityId, "wechat_openid", openid);
        long id = media.receive(communityId, "wechat", mediaId, msgType, r.map(Resident::id).orElse(null),
                conversationId);
        downloads.execute(() -> fetch(id, mediaId));
        if (!"image".equals(msgType) || r.isEmpty()) {
            return Optional.empty();
        }
        Caller caller = asResident(r.get());
        Optional<ResidentMedia.Choice> asked = media.awaitingChoice(communityId, r.get().id());
        if (asked.isPresent()) {
            // more photos while the question is open: they go with the answer
            media.offerChoice(List.of(id), asked.get().codes());
            return Optional.of("收到，请回复工单编号，这些图片会一起补充到那张工单。");
        }
        List<WorkOrder> open = open(caller);
        if (open.isEmpty()) {
            return Optional.of("收到您的图片，已保存。请再用文字简单说一下是什么问题、在什么位置，"
                    + "登记工单时会把图片一并附上。");
        }
        if (open.size() == 1) {
            return Optional.of(attach(caller, List.of(id), open.get(0)));
        }
        List<WorkOrder> offered = open.subList(0, Math.min(open.size(), 5));
        media.offerChoice(List.of(id), offered.stream().map(WorkOrder::code).toList());
        StringBuilder q = new StringBuilder("您有" + open.size() + "张未完成的工单，这张图片要补充到哪一张？请回复序号：");
        for (int i = 0; i < offered.size(); i++) {
            q.append('\n').append(i + 1).append(". ").append(offered.get(i).code()).append("「")
                    .append(offered.get(i).title()).append("」");
        }
        return Optional.of(q.toString());
    }

    /**
     * The resident's answer to "which order?": a number from the list or an order code attaches the
     * waiting photos. Anything else lets the question lapse (the photos stay with the conversation)
     * and is answered as usual: empty.
     */
    public Optional<String> choose(String openid, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Optional<Resident> r = residents.identify(communityId, "wechat_openid", openid);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        Optional<ResidentMedia.Choice> asked = media.awaitingChoice(communityId, r.get().id());
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        List<String> codes = asked.get().codes();
        String answer = text.strip().replaceAll("[。．.！!号第张]", "").strip().toUpperCase(Locale.ROOT);
        String chosen = null;
        if (answer.matches("\\d{1,2}")) {
            int n = Integer.parseInt(answer);
            chosen = n >= 1 && n <= codes.size() ? codes.get(n - 1) : null;
        }
        for (String code : codes) {
            if (chosen == null && text.toUpperCase(Locale.ROOT).contains(code.toUpperCase(Locale.ROOT))) {
                chosen = code;
            }
        }
        if (chosen == null) {
            media.dropChoice(asked.get().mediaIds());
            return Optional.empty();
        }
        Caller caller = asResident(r.get());
        String code = chosen;
        Optional<WorkOrder> order = orders.find(caller, code);
        if (order.isEmpty()) {
            media.dropChoice(asked.get().mediaIds());
            return Optional.of("没有找到工单" + code + "，图片已保存，客服可以查看。");
        }
        return Optional.of(attach(caller, asked.get().mediaIds(), order.get()));
    }

    /** Downloads whatever is due again (failed earlier, still within WeChat's 3 days). */
    public int fetchDue() {
        List<ResidentMedia.Due> due = media.due(communityId, "wechat", 20);
        for (ResidentMedia.Due d : due) {
            downloads.execute(() -> fetch(d.id(), d.externalId()));
        }
        return due.size();
    }

    private void fetch(long id, String mediaId) {
        try {
            WeChatApi.Media m = api.downloadMedia(mediaId, ResidentMedia.MAX_BYTES);
            media.stored(id, m.bytes(), m.contentType());
        } catch (WeChatApi.Refused e) {
            // 40007: no such media (or past its 3 days); -2: too large; 0: unknown, try again
            boolean permanent = e.code() == 40007 || e.code() == -2;
            LOG.log(permanent ? Level.WARNING : Level.INFO, "WeChat media " + id + " not downloaded: " + e.code()
                    + " " + e.getMessage() + (permanent ? "" : "; will retry"));
            media.failed(id, e.code() + " " + e.getMessage(), permanent);
        } catch (IOException | RuntimeException e) {
            LOG.info(() -> "WeChat media " + id + " not downloaded (" + e + "); will retry");
            try {
                media.failed(id, String.valueOf(e.getMessage()), false);
            } catch (RuntimeException stored) {
                LOG.log(Level.WARNING, "cannot record the failed download of media " + id, stored);
            }
        }
    }

    private String attach(Caller caller, List<Long> ids, WorkOrder order) {
        List<Long> done = new ArrayList<>();
        try {
            for (long id : ids) {
                orders.attach(caller, order.code(), ResidentMedia.REFERENCE + id);
                done.add(id);
            }
        } catch (WorkOrderException e) {
            media.dropChoice(ids);
            return e.getMessage() + "图片已保存，客服可以查看。";
        }
        return (done.size() > 1 ? "已把这" + done.size() + "张图片" : "已把这张图片") + "补充到您的工单" + order.code()
                + "「" + order.title() + "」，维修人员会看到。";
    }

    private List<WorkOrder> open(Caller caller) {
        return orders.list(caller, WorkOrders.Filter.all()).stream()
                .filter(w -> w.status() == Status.SUBMITTED || w.status() == Status.ASSIGNED
                        || w.status() == Status.IN_PROGRESS)
                .toList();
    }

    private Caller asResident(Resident r) {
        return new Caller(communityId, Caller.Kind.RESIDENT, r.id(), "resident", r.code(), r.name());
    }
}
