package dev.guanjia.payments.offer;

import java.util.List;
import java.util.Optional;

/**
 * Offers payments for a resident's own unpaid bills. The caller (the bot's tool, the phone line)
 * has already established who the resident is and which houses are theirs.
 */
public interface PaymentOffers {

    /**
     * Offers one payment for the unpaid bills of these houses ({@code billCodes} empty: all of them,
     * else only those codes, which must be unpaid bills of these houses). Empty when nothing is unpaid.
     */
    Optional<Offer> offer(String communityId, long residentId, List<Long> houseIds, List<String> billCodes,
                          String channel, String openid, String conversationId);

    /** The offer behind a token, its bills re-read (paid ones dropped); empty when unknown or expired. */
    Optional<Offer> find(String token);
}
