import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

/** A page's <title>: the module's name from the navigation messages. */
export function moduleMetadata(module: string): () => Promise<Metadata> {
  return async () => {
    const t = await getTranslations("nav.items");
    return { title: t(module) };
  };
}
