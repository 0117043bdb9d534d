"use client";

import { Money } from "@wapos/core/money/index";
import { useTranslations } from "next-intl";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { DataState } from "@/components/data-state";
import type { GetPaymentQrResponse } from "@/lib/api/staff";
import { useApi } from "@/lib/use-api";

type PaymentQrView = GetPaymentQrResponse;

/**
 * The shop's DuitNow QR carrying the amount being taken, for the customer's banking app to scan
 * at the counter. The amount is in the QR (tag 54), so the customer types nothing; the cashier
 * still confirms the payment arrived before recording it.
 */
export function PaymentQr({ amount, size = 240 }: { amount: string; size?: number }) {
  const t = useTranslations("stock.payment_qr");
  const state = useApi<PaymentQrView>(`/payment-qr?amount=${encodeURIComponent(amount)}`);
  return (
    <DataState state={state}>
      {(qr) => (
        <figure className="flex flex-col items-center gap-2" data-testid="payment-qr">
          <QrImage payload={qr.payload} size={size} label={t("alt", { amount: Money.format(qr.amount) })} />
          <figcaption className="text-center text-sm">
            <span className="block font-semibold tabular-nums">{Money.format(qr.amount)}</span>
            {qr.merchant_name ? <span className="text-muted-foreground">{qr.merchant_name}</span> : null}
          </figcaption>
        </figure>
      )}
    </DataState>
  );
}

function QrImage({ payload, size, label }: { payload: string; size: number; label: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(payload, { errorCorrectionLevel: "M", margin: 2, width: size }).then((url) => {
      if (live) setSrc(url);
    });
    return () => {
      live = false;
    };
  }, [payload, size]);
  if (!src) return <div style={{ width: size, height: size }} aria-busy="true" />;
  // biome-ignore lint/performance/noImgElement: a data URL made in the browser, nothing for next/image to optimise
  return <img src={src} width={size} height={size} alt={label} data-payload={payload} />;
}
