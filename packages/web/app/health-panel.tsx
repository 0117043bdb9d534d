"use client";

import { useEffect, useState } from "react";

type Component = { status: "ok" | "error"; latency_ms: number; error?: string };
type Report = { status: "ok" | "error"; components: Record<string, Component> };

const LABELS: Record<string, string> = {
  database: "Database",
  queues: "Queues",
  blob_store: "File storage",
  whatsapp_gateway: "WhatsApp gateway",
};

/** Live status from GET /api/health, refreshed every 5 seconds. */
export function HealthPanel() {
  const [report, setReport] = useState<Report>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const response = await fetch("/api/health", { cache: "no-store" });
        const body = (await response.json()) as Report;
        if (!cancelled) {
          setReport(body);
          setFailure(undefined);
        }
      } catch (error) {
        if (!cancelled) setFailure(error instanceof Error ? error.message : String(error));
      }
    };
    load();
    const timer = setInterval(load, 5000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  if (failure) return <p className="error">Could not reach /api/health: {failure}</p>;
  if (!report) return <p aria-busy="true">Checking the system…</p>;
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">
        System status:{" "}
        <span className={report.status}>{report.status === "ok" ? "all good" : "needs attention"}</span>
      </h2>
      <table>
        <tbody>
          {Object.entries(report.components).map(([name, component]) => (
            <tr key={name} data-component={name}>
              <th scope="row">{LABELS[name] ?? name}</th>
              <td className={component.status}>{component.status}</td>
              <td>{component.error ?? `${component.latency_ms} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
