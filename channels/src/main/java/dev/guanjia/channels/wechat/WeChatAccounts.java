package dev.guanjia.channels.wechat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The official accounts this service speaks for, each serving one community or several: what is
 * pushed to a resident (answers, notices) goes out through the account of the conversation's community.
 */
public final class WeChatAccounts {

    private final Map<String, WeChatApi> byCommunity = new LinkedHashMap<>();

    public WeChatAccounts(List<WeChatApi> apis) {
        for (WeChatApi api : apis) {
            for (String community : api.account().communities()) {
                if (byCommunity.putIfAbsent(community, api) != null) {
                    throw new IllegalArgumentException("two official accounts for community " + community);
                }
            }
        }
    }

    /** The account serving this community, if it has one. */
    public Optional<WeChatApi> of(String communityId) {
        return Optional.ofNullable(byCommunity.get(communityId));
    }

    public List<WeChatApi> all() {
        return byCommunity.values().stream().distinct().toList();
    }
}
