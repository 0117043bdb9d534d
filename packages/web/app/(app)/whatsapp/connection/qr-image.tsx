"use client";

import { useEffect, useState } from "react";
import { Skeleton } from "@/components/ui/skeleton";

/** The pairing QR drawn in the browser; WhatsApp's QR text is long, so low error correction keeps it scannable on a screen. */
export function QrImage({ text, alt }: { text: string; alt: string }) {
  const [svg, setSvg] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    import("qrcode")
      .then((QRCode) => QRCode.toString(text, { type: "svg", errorCorrectionLevel: "L", margin: 2 }))
      .then((drawn) => {
        if (!cancelled) setSvg(drawn);
      })
      .catch(() => {
        // Left as the placeholder: the next report brings a new code to draw.
        if (!cancelled) setSvg(undefined);
      });
    return () => {
      cancelled = true;
    };
  }, [text]);

  return svg ? (
    // biome-ignore lint/performance/noImgElement: a generated data URL, nothing next/image could optimise
    <img
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={alt}
      className="size-64 rounded-md bg-white p-1 sm:size-72"
      data-testid="qr-image"
    />
  ) : (
    <Skeleton className="size-64 sm:size-72" />
  );
}
