"use client";

import { Search } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { phone, useShopFormat } from "@/lib/format";
import { ConsentBadge } from "./consent-badge";
import { useCustomerSearch } from "./use-customer-search";

export function CustomerList() {
  const t = useTranslations("customers");
  const shop = useShopFormat();
  const [q, setQ] = useState("");
  const { customers, error, retry } = useCustomerSearch(q);
  const date = (iso: string) => shop.date(iso);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mb-4 flex max-w-md flex-col gap-2">
        <Label htmlFor="customer-search">{t("search")}</Label>
        <div className="relative">
          <Search
            className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
            aria-hidden="true"
          />
          <Input
            id="customer-search"
            type="search"
            className="pl-9"
            placeholder={t("search_placeholder")}
            value={q}
            onChange={(event) => setQ(event.target.value)}
            autoComplete="off"
          />
        </div>
      </div>
      <DataState
        state={{ data: customers, error, retry }}
        isEmpty={(list) => list.length === 0}
        empty={q.trim() ? t("no_results") : t("none_yet")}
      >
        {(customers) => (
          // One markup for every screen: phones see the name, phone and consent; from md up the rest.
          <div className="rounded-xl border bg-card">
            <Table aria-label={t("title")}>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">{t("columns.name")}</TableHead>
                  <TableHead scope="col">{t("columns.phone")}</TableHead>
                  <TableHead scope="col" className="hidden md:table-cell">
                    {t("columns.email")}
                  </TableHead>
                  <TableHead scope="col">{t("columns.whatsapp")}</TableHead>
                  <TableHead scope="col" className="hidden md:table-cell">
                    {t("columns.tags")}
                  </TableHead>
                  <TableHead scope="col" className="hidden md:table-cell">
                    {t("columns.since")}
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {customers.map((customer) => (
                  <TableRow key={customer.id} data-customer={customer.phone}>
                    <TableCell>
                      <Link
                        href={`/customers/${customer.id}`}
                        className="font-medium underline-offset-2 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
                      >
                        {customer.name}
                      </Link>
                    </TableCell>
                    <TableCell className="tabular-nums">{phone(customer.phone)}</TableCell>
                    <TableCell className="hidden text-muted-foreground md:table-cell">
                      {customer.email ?? "—"}
                    </TableCell>
                    <TableCell>
                      <ConsentBadge consent={customer.whatsapp_consent} />
                    </TableCell>
                    <TableCell className="hidden md:table-cell">
                      <span className="flex flex-wrap gap-1">
                        {customer.tags.map((tag) => (
                          <Badge key={tag} variant="secondary">
                            {tag}
                          </Badge>
                        ))}
                      </span>
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground md:table-cell">
                      {date(customer.created_at)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </DataState>
    </>
  );
}
