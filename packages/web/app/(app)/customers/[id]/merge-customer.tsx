"use client";

import { ArrowRight, GitMerge, LoaderCircle, Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { LoadFailed } from "@/components/load-failed";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import { phone } from "@/lib/format";
import { useErrorText } from "@/lib/issues";
import type { Customer, CustomerPage } from "../model";
import { useCustomerSearch } from "../use-customer-search";

/**
 * Merges this customer (a duplicate) into the one to keep: everything moves over, this record
 * is removed, and the page goes to the customer kept. Admins only; audited by the API.
 */
export function MergeCustomer({ customer }: { customer: Customer }) {
  const t = useTranslations("customers.merge");
  const tc = useTranslations("common");
  const router = useRouter();
  const notify = useToast();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [into, setInto] = useState<Customer>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const { customers, error, retry } = useCustomerSearch(q, open);
  const candidates = customers?.filter((c) => c.id !== customer.id);

  const reset = (next: boolean) => {
    setOpen(next);
    setQ("");
    setInto(undefined);
    setProblem(undefined);
  };

  const merge = async () => {
    if (!into) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const kept = await api.post<CustomerPage>(`/customers/${encodeURIComponent(customer.id)}/merge`, {
        into_id: into.id,
      });
      notify("success", t("done", { from: customer.name, into: kept.customer.name }));
      setOpen(false);
      router.push(`/customers/${kept.customer.id}`);
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <GitMerge aria-hidden="true" />
          {t("open")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={tc("close")}>
        <DialogHeader>
          <DialogTitle>{into ? t("confirm_title") : t("title", { name: customer.name })}</DialogTitle>
          <DialogDescription>{into ? t("confirm_description") : t("description")}</DialogDescription>
        </DialogHeader>
        {problem ? (
          <Alert variant="destructive" role="alert">
            <AlertDescription>{problem}</AlertDescription>
          </Alert>
        ) : null}
        {into ? (
          <>
            <div
              className="flex flex-col items-stretch gap-2 sm:flex-row sm:items-center"
              data-testid="merge-summary"
            >
              <Who customer={customer} label={t("removed")} />
              <ArrowRight
                className="size-5 shrink-0 self-center text-muted-foreground max-sm:rotate-90"
                aria-hidden="true"
              />
              <Who customer={into} label={t("kept")} />
            </div>
            <DialogFooter>
              <Button variant="outline" onClick={() => setInto(undefined)}>
                {t("back")}
              </Button>
              <Button variant="destructive" onClick={merge} disabled={busy}>
                {busy ? (
                  <LoaderCircle className="animate-spin" aria-hidden="true" />
                ) : (
                  <GitMerge aria-hidden="true" />
                )}
                {t("submit")}
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <div className="flex flex-col gap-2">
              <Label htmlFor="merge-search">{t("search")}</Label>
              <div className="relative">
                <Search
                  className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
                  aria-hidden="true"
                />
                <Input
                  id="merge-search"
                  type="search"
                  className="pl-9"
                  value={q}
                  onChange={(event) => setQ(event.target.value)}
                  autoComplete="off"
                />
              </div>
            </div>
            {error ? (
              <LoadFailed error={error} onRetry={retry} />
            ) : !candidates ? (
              <Skeleton className="h-24 w-full" />
            ) : !candidates.length ? (
              <p className="text-sm text-muted-foreground" role="status">
                {t("no_results")}
              </p>
            ) : (
              <ul className="flex max-h-72 flex-col gap-1 overflow-y-auto" aria-label={t("candidates")}>
                {candidates.map((candidate) => (
                  <li key={candidate.id}>
                    <button
                      type="button"
                      onClick={() => setInto(candidate)}
                      className="flex w-full flex-col items-start rounded-md border px-3 py-2 text-left outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring"
                      data-candidate={candidate.phone}
                    >
                      <span className="font-medium">{candidate.name}</span>
                      <span className="text-xs text-muted-foreground">
                        {phone(candidate.phone)}
                        {candidate.email ? ` · ${candidate.email}` : ""}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}

function Who({ customer, label }: { customer: Customer; label: string }) {
  return (
    <div className="min-w-0 flex-1 rounded-md border p-3">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className="font-medium">{customer.name}</p>
      <p className="text-sm text-muted-foreground">{phone(customer.phone)}</p>
    </div>
  );
}
