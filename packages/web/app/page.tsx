import { HealthPanel } from "./health-panel";

export default function Home() {
  return (
    <main>
      <h1 id="title">WA-POS-CRM</h1>
      <p>
        The platform is running. Repair tickets, POS, CRM, WhatsApp and e-invoices arrive module by module;
        until then this page shows what the system itself reports.
      </p>
      <HealthPanel />
    </main>
  );
}
