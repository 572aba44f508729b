package dev.guanjia.voice.call;

import dev.guanjia.payments.offer.StoredOffers;
import dev.guanjia.voice.pay.PaymentLinks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A caller who owes hears the amount and can have the payment link texted; without payment, no such key. */
class PayLinkCallTest {

    private static final Map<String, String> texts = new ConcurrentHashMap<>();

    @BeforeAll
    static void estate() throws Exception {
        VoiceEstate.build();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }

    private static CallFlow call(PaymentLinks links) {
        CallFlow flow = new CallFlow(VoiceEstate.parts(new VoiceEstate.Recording(), null, links),
                new CallFlow.Settings("c1", Duration.ofSeconds(30), 0, 0.6), UUID.randomUUID(), "audiosocket",
                VoiceEstate.OWNER_PHONE, new CallFlowTest.Line());
        flow.start();
        return flow;
    }

    @Test
    void pressTwoAfterTheBillsAndTheLinkArrivesByText() throws Exception {
        CallFlow flow = call(new PaymentLinks(new StoredOffers(VoiceEstate.db), (phone, text) -> texts.put(phone, text),
                "https://wy.example.com"));
        flow.onDigit('1');
        waitFor(() -> flow.spoken().size() > 1);
        String bills = flow.spoken().get(1);
        assertTrue(bills.contains("600") && bills.contains(CallFlow.PAY_LINK), bills);

        flow.onDigit('2');
        waitFor(() -> flow.spoken().size() > 2);
        assertTrue(flow.spoken().get(2).contains("缴费链接已经发到您尾号0001的手机，共600.00元"), flow.spoken().get(2));
        String sms = texts.get(VoiceEstate.OWNER_PHONE);
        assertTrue(sms != null && sms.contains("600.00") && sms.contains("https://wy.example.com/pay/o/"), sms);
    }

    @Test
    void withoutPaymentTheKeyIsNotOffered() throws Exception {
        CallFlow flow = call(null);
        flow.onDigit('1');
        waitFor(() -> flow.spoken().size() > 1);
        assertFalse(flow.spoken().get(1).contains(CallFlow.PAY_LINK), flow.spoken().get(1));
        assertTrue(flow.spoken().get(1).endsWith(CallFlow.AFTER));
    }
}
