"use client";

import { useTranslations } from "next-intl";
import { ThemeProvider } from "next-themes";
import { type ReactNode, useEffect } from "react";
import { ToastProvider } from "@/components/ui/toast";

function useServiceWorker() {
  useEffect(() => {
    // Dev builds change assets on every edit; a cache in between only confuses.
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // Without a service worker the dashboard works the same; it only loads a little slower.
    });
  }, []);
}

export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  const t = useTranslations("common");
  useServiceWorker();
  return (
    <ThemeProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      nonce={nonce}
    >
      <ToastProvider dismissLabel={t("dismiss")}>{children}</ToastProvider>
    </ThemeProvider>
  );
}
