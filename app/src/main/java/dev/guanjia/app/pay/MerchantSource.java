package dev.guanjia.app.pay;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.payments.merchant.Merchant;

import java.util.Optional;

/**
 * Where the command line and the server get the WeChat Pay merchant from. The {@code payments:}
 * settings and their adapter ({@code WxPayMerchant}) come with the payment orders; until they are
 * wired, {@link #FROM_SETTINGS} finds none, so payments stay off and reconciliation does not run.
 */
@FunctionalInterface
public interface MerchantSource {

    Optional<Merchant> merchant(GuanjiaConfig config);

    /** The merchant the settings describe; none until the payments settings exist. */
    MerchantSource FROM_SETTINGS = config -> Optional.empty();
}
