"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";

// Retail and shelf codes, and QR for the odd product that carries one.
const FORMATS = ["ean_13", "ean_8", "upc_a", "upc_e", "code_128", "code_39", "itf", "qr_code"];
const SCAN_EVERY_MS = 250;

type Detector = { detect: (source: HTMLVideoElement) => Promise<{ rawValue: string }[]> };

/**
 * The browser's own BarcodeDetector where it has one (Chrome on Android); elsewhere zxing-cpp
 * compiled to WebAssembly, loaded only now. Its .wasm is served by the dashboard itself
 * (copied into public/ at build, next.config.ts), never fetched from a CDN, so it works on a
 * shop network with no internet.
 */
async function detector(): Promise<Detector> {
  const native = (globalThis as { BarcodeDetector?: new (o: { formats: string[] }) => Detector })
    .BarcodeDetector;
  if (native) return new native({ formats: FORMATS });
  const { BarcodeDetector, prepareZXingModule, ZXING_WASM_VERSION } = await import(
    "barcode-detector/ponyfill"
  );
  prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) =>
        path.endsWith(".wasm") ? `/zxing/${ZXING_WASM_VERSION}/${path}` : prefix + path,
    },
  });
  return new BarcodeDetector({ formats: FORMATS as never });
}

/** The back camera in a dialog; the first code read is handed to `onCode`. */
export function CameraScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const t = useTranslations("pos.scan");
  const tc = useTranslations("common");
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string>();
  // The camera starts once per opening, whatever the parent re-renders.
  const handOver = useRef(onCode);
  handOver.current = onCode;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let stopped = false;
    const start = async () => {
      if (!navigator.mediaDevices?.getUserMedia) return setProblem(t("camera_unsupported"));
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: "environment" } },
          audio: false,
        });
      } catch {
        return setProblem(t("camera_denied"));
      }
      if (stopped || !video.current) return;
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      let reader: Detector;
      try {
        reader = await detector();
      } catch (error) {
        console.error("barcode decoder did not load", error);
        return setProblem(t("camera_unsupported"));
      }
      const scan = async () => {
        if (stopped || !video.current) return;
        const found = video.current.readyState >= 2 ? await reader.detect(video.current).catch(() => []) : [];
        const code = found[0]?.rawValue.trim();
        if (code && !stopped) return handOver.current(code);
        timer = window.setTimeout(scan, SCAN_EVERY_MS);
      };
      void scan();
    };
    void start();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [t]);

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent closeLabel={tc("close")}>
        <DialogTitle>{t("camera_title")}</DialogTitle>
        <DialogDescription>{t("camera_hint")}</DialogDescription>
        {problem ? (
          <p role="alert" className="text-sm text-destructive">
            {problem}
          </p>
        ) : (
          <video
            ref={video}
            muted
            playsInline
            className="aspect-video w-full rounded-lg bg-black object-cover"
          />
        )}
      </DialogContent>
    </Dialog>
  );
}
