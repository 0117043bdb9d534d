"use client";

import { Download, LoaderCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import type { PDFDocument, PDFFont, PDFPage } from "pdf-lib";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { api } from "@/lib/api";

type Kind = "svg" | "png" | "pdf";

/** Low enough for a short URL to stay a small, easily scanned code; M survives a smudged print. */
const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;
const A4 = { width: 595.28, height: 841.89 };
const CM = 72 / 2.54;

function save(blob: Blob, name: string) {
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

const canvasBlob = (canvas: HTMLCanvasElement) =>
  new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("canvas.toBlob"))), "image/png"),
  );

/**
 * One centred line. The standard PDF fonts only encode Western European text, and many shop
 * names in Malaysia are written in Chinese or Tamil: those are drawn by the browser on a canvas
 * (with its own fonts) and placed as an image instead.
 */
async function centredText(
  doc: PDFDocument,
  page: PDFPage,
  font: PDFFont,
  text: string,
  top: number,
  size: number,
  bold: boolean,
) {
  const maxWidth = A4.width - 2 * 2 * CM;
  let encodable = true;
  try {
    font.encodeText(text);
  } catch {
    encodable = false;
  }
  if (encodable) {
    const fitted = Math.min(size, (size * maxWidth) / Math.max(1, font.widthOfTextAtSize(text, size)));
    const width = font.widthOfTextAtSize(text, fitted);
    page.drawText(text, { x: (A4.width - width) / 2, y: top - fitted, size: fitted, font });
    return fitted * 1.35;
  }
  const scale = 4;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d")!;
  const cssFont = `${bold ? "bold " : ""}${size * scale}px system-ui, sans-serif`;
  context.font = cssFont;
  const measured = Math.ceil(context.measureText(text).width);
  const ratio = Math.min(1, (maxWidth * scale) / measured);
  canvas.width = Math.ceil(measured * ratio);
  canvas.height = Math.ceil(size * scale * 1.35 * ratio);
  context.font = `${bold ? "bold " : ""}${size * scale * ratio}px system-ui, sans-serif`;
  context.textBaseline = "middle";
  context.fillStyle = "#000";
  context.fillText(text, 0, canvas.height / 2);
  const image = await doc.embedPng(await (await canvasBlob(canvas)).arrayBuffer());
  const width = canvas.width / scale;
  const height = canvas.height / scale;
  page.drawImage(image, { x: (A4.width - width) / 2, y: top - height, width, height });
  return height;
}

async function posterPdf(url: string, shopName: string, headlines: [string, string]) {
  const [{ PDFDocument, StandardFonts, rgb }, QRCode] = await Promise.all([
    import("pdf-lib"),
    import("qrcode"),
  ]);
  const doc = await PDFDocument.create();
  doc.setTitle(`${shopName} — ${headlines[0]}`);
  doc.setCreator("WA-POS-CRM");
  const page = doc.addPage([A4.width, A4.height]);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);

  // The block (about 19 cm tall) sits a little above the middle of the page, as posters do.
  let top = A4.height - 4.5 * CM;
  if (shopName) top -= await centredText(doc, page, bold, shopName, top, 40, true);
  top -= 0.4 * CM;
  top -= await centredText(doc, page, bold, headlines[0], top, 24, true);
  top -= await centredText(doc, page, regular, headlines[1], top, 20, false);

  // Drawn as vector squares, merged per row, so the code stays sharp at any print size.
  const modules = QRCode.create(url, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel }).modules;
  const side = 12 * CM;
  const cell = side / modules.size;
  const left = (A4.width - side) / 2;
  const qrTop = top - 1.2 * CM;
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      page.drawRectangle({
        x: left + start * cell,
        y: qrTop - (row + 1) * cell,
        width: (col - start) * cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
    }
  }
  await centredText(doc, page, regular, url, qrTop - side - 1 * CM, 11, false);
  return new Blob([(await doc.save()) as BlobPart], { type: "application/pdf" });
}

/** The printable QR code that opens the public intake page, made entirely in the browser. */
export function QrPoster() {
  const t = useTranslations("poster");
  const [url, setUrl] = useState<string>();
  const [svg, setSvg] = useState<string>();
  const [shopName, setShopName] = useState("");
  const [busy, setBusy] = useState<Kind>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    // The address customers' phones reach (PUBLIC_BASE_URL, from the API), never the one this
    // admin happens to browse the dashboard from.
    api
      .get<{ intake_url: string }>("/intake-form")
      .then(async ({ intake_url }) => {
        setUrl(intake_url);
        const QRCode = await import("qrcode");
        setSvg(await QRCode.toString(intake_url, { type: "svg", ...QR_OPTIONS }));
      })
      .catch(() => setFailed(true));
    api
      .get<{ settings: { shop: { name?: unknown } } }>("/settings")
      .then((body) => setShopName(String(body.settings.shop.name ?? "")))
      .catch(() => {
        // The poster works without the name; only its headline is missing.
      });
  }, []);

  const download = async (kind: Kind) => {
    if (!url || !svg) return;
    setBusy(kind);
    setFailed(false);
    try {
      if (kind === "svg") save(new Blob([svg], { type: "image/svg+xml" }), "intake-qr.svg");
      else if (kind === "png") {
        const QRCode = await import("qrcode");
        const canvas = document.createElement("canvas");
        await QRCode.toCanvas(canvas, url, { ...QR_OPTIONS, width: 1024 });
        save(await canvasBlob(canvas), "intake-qr.png");
      } else
        save(await posterPdf(url, shopName, [t("headline_en"), t("headline_ms")]), "intake-poster-a4.pdf");
    } catch {
      setFailed(true);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card className="xl:sticky xl:top-20" data-testid="qr-poster">
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
        <CardDescription>{t("description")}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col items-center gap-4">
        {svg && url ? (
          // biome-ignore lint/performance/noImgElement: a generated data URL, nothing next/image could optimise
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
            alt={t("alt", { url })}
            className="size-52 rounded-md bg-white p-1"
            data-testid="qr-preview"
          />
        ) : (
          <Skeleton className="size-52" />
        )}
        {url ? <p className="break-all text-center text-sm text-muted-foreground">{url}</p> : null}
        <div className="flex w-full flex-col gap-2">
          {(["pdf", "png", "svg"] as const).map((kind) => (
            <Button
              key={kind}
              variant={kind === "pdf" ? "default" : "outline"}
              disabled={!svg || busy !== undefined}
              onClick={() => download(kind)}
              data-download={kind}
            >
              {busy === kind ? (
                <LoaderCircle className="animate-spin" aria-hidden="true" />
              ) : (
                <Download aria-hidden="true" />
              )}
              <span className="sr-only">{t("download")} </span>
              {t(kind)}
            </Button>
          ))}
        </div>
        <p role="status" className="text-sm text-destructive">
          {failed ? t("failed") : ""}
        </p>
      </CardContent>
    </Card>
  );
}
