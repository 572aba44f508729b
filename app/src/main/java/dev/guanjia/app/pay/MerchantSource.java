package dev.guanjia.app.pay;

import dev.guanjia.app.config.GuanjiaConfig;
import dev.guanjia.payments.merchant.Merchant;
import dev.guanjia.payments.merchant.WxPayMerchant;

import java.util.Optional;

/**
 * Where {@code guanjia pay} gets the WeChat Pay merchant from: the {@code payments:} settings
 * (none when they are unset: payment is off); tests give a fake of WeChat Pay instead.
 */
@FunctionalInterface
public interface MerchantSource {

    Optional<Merchant> merchant(GuanjiaConfig config);

    /** The merchant the {@code payments:} settings describe. */
    MerchantSource FROM_SETTINGS = config -> Optional.ofNullable(config.payments()).map(WxPayMerchant::new);
}
