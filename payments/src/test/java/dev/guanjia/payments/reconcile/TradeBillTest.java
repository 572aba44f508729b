package dev.guanjia.payments.reconcile;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TradeBillTest {

    @Test
    void readsPaymentsAndRefundsInFenWithTheBackticksGone() throws Exception {
        String text = "\uFEFF" + new BillText()
                .payment("09:15:02", "4200002615202612011234567890", "PF20261201091500a1", "518.76")
                .refund("14:00:00", "4200002615202612011234567891", "PF20261130200000b2", "50300000012026120100001",
                        "RF20261201140000c3", "741.18", "100.50")
                .text();
        TradeBill bill = TradeBill.parse(text);
        assertEquals(2, bill.rows().size());
        TradeBill.Row p = bill.payments().getFirst();
        assertEquals(LocalDateTime.of(2026, 12, 1, 9, 15, 2), p.tradeTime());
        assertEquals("4200002615202612011234567890", p.transactionId());
        assertEquals("PF20261201091500a1", p.outTradeNo());
        assertEquals("1900000109", p.mchId());
        assertEquals(51876, p.orderFen());
        assertEquals(51876, p.settlementFen());
        assertNull(p.outRefundNo(), "a payment row's 0 is no refund number");
        TradeBill.Row r = bill.refunds().getFirst();
        assertEquals("RF20261201140000c3", r.outRefundNo());
        assertEquals("50300000012026120100001", r.refundId());
        assertEquals(10050, r.refundFen());
        assertEquals(10050, r.requestedRefundFen());
        assertEquals(74118, r.orderFen());
        assertEquals(2, bill.summary().count());
    }

    @Test
    void aCommaInsideTheProductNameStaysInItsField() throws Exception {
        TradeBill bill = TradeBill.parse(new BillText().payment("08:00:00", "42000001", "PFcomma0001", "1.00").text());
        assertEquals("PFcomma0001", bill.rows().getFirst().outTradeNo());
        assertEquals(100, bill.rows().getFirst().orderFen());
    }

    @Test
    void aDayWithoutTradesHasOnlyHeadersAndAZeroSummary() throws Exception {
        TradeBill bill = TradeBill.parse(new BillText().text());
        assertTrue(bill.rows().isEmpty());
        assertEquals(0, bill.summary().count());
    }

    @Test
    void aCountThatDiffersFromTheSummaryIsRefused() {
        String text = new BillText().payment("09:00:00", "42000001", "PFcount0001", "10.00")
                .payment("09:05:00", "42000002", "PFcount0002", "20.00").counting(3).text();
        TradeBill.Unreadable e = assertThrows(TradeBill.Unreadable.class, () -> TradeBill.parse(text));
        assertTrue(e.getMessage().contains("summary counts 3 trades but the bill lists 2"), e.getMessage());
    }

    @Test
    void aBillCutBeforeItsSummaryOrWithoutBackticksIsRefused() {
        String full = new BillText().payment("09:00:00", "42000001", "PFcut000001", "10.00").text();
        String cut = full.substring(0, full.indexOf("总交易单数"));
        assertThrows(TradeBill.Unreadable.class, () -> TradeBill.parse(cut + "`2026-12-01 10:00:00,`x\r\n"));
        assertThrows(TradeBill.Unreadable.class, () -> TradeBill.parse(full.replace("`", "")));
        assertThrows(TradeBill.Unreadable.class, () -> TradeBill.parse("{\"code\":\"SYSTEM_ERROR\"}"));
        assertThrows(TradeBill.Unreadable.class, () -> TradeBill.parse(full.replace("`10.00", "`ten")));
    }
}
