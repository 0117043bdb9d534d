import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { ApiError, type Issue } from "@/lib/api";

const KNOWN_CODES = new Set(["invalid_type", "too_small", "too_big", "invalid_format", "invalid_value"]);

/**
 * Text for a field issue from the API. The server writes English; in Malay the generic kinds
 * are translated, and rule-specific messages (code "custom") are shown as the server wrote them.
 */
export function useIssueText() {
  const t = useTranslations("issues");
  const locale = useLocale();
  return useCallback(
    (issue: Issue) => (locale !== "en" && KNOWN_CODES.has(issue.code) ? t(issue.code) : issue.message),
    [t, locale],
  );
}

/** Issues grouped by field path, with `prefix.` removed (a section's own paths). */
export function issuesByPath(issues: Issue[], prefix = ""): Map<string, Issue[]> {
  const map = new Map<string, Issue[]>();
  for (const issue of issues) {
    const path =
      prefix && issue.path.startsWith(`${prefix}.`) ? issue.path.slice(prefix.length + 1) : issue.path;
    map.set(path, [...(map.get(path) ?? []), issue]);
  }
  return map;
}

/**
 * Text for an API error: a translated message for the codes the dashboard knows
 * (`errors.<code>` with dots as underscores), else the server's own English message in
 * English, or a generic line naming the code in other languages.
 */
export function useErrorText() {
  const t = useTranslations("errors");
  const locale = useLocale();
  return useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) return t("generic", { code: "unknown" });
      const key = error.code.replaceAll(".", "_");
      if (t.has(key)) return t(key);
      if (locale === "en" && error.message && error.status !== 500) return error.message;
      return t("generic", { code: error.code });
    },
    [t, locale],
  );
}
