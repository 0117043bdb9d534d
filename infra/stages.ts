import { DeployedLinkEnv } from "../packages/core/src/link/env";

/**
 * Per stage: the public origin customers' phones reach (the dashboard's domain), which every
 * customer link, QR poster and status page URL is built on (PUBLIC_BASE_URL). Add a stage here
 * before its first deploy; synthesis refuses a stage without one, or with a loopback or
 * non-HTTPS address.
 */
export const STAGES: Record<string, { publicBaseUrl: string }> = {
  // The synthesis test (infra/infra.test.ts); .example never resolves.
  test: { publicBaseUrl: "https://test.wa-pos-crm.example" },
};

export function publicBaseUrl(stage: string): string {
  const config = STAGES[stage];
  if (!config)
    throw new Error(`infra/stages.ts has no entry for stage "${stage}": add its public origin (https://…)`);
  const checked = DeployedLinkEnv.safeParse({ PUBLIC_BASE_URL: config.publicBaseUrl });
  if (!checked.success)
    throw new Error(
      `infra/stages.ts, stage "${stage}": ${checked.error.issues.map((i) => i.message).join("; ")}`,
    );
  return checked.data.PUBLIC_BASE_URL;
}
