"use client";

import { Filter, LoaderCircle, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { api, query } from "@/lib/api";
import type { AuditEntry, GetAuditResponse, GetUsersResponse } from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { useErrorText } from "@/lib/issues";
import { SHOP_TIME_ZONE } from "@/lib/locale";
import { useApi } from "@/lib/use-api";
import { DiffView } from "./diff-view";
import { dayBoundary } from "./zone";

type Page = GetAuditResponse;
type Entry = AuditEntry;
type Filters = { entity: string; actor: string; from: string; to: string };

const ANY = "any";
const ACTOR_TYPES = ["user", "customer", "bot", "system", "public"] as const;
const ENTITIES = [
  "user",
  "settings",
  "customer",
  "ticket",
  "invoice",
  "payment",
  "product",
  "campaign",
  "message",
];
const EMPTY: Filters = { entity: "", actor: ANY, from: "", to: "" };

/** The actor choice is "any", an actor type ("system"), or one person ("user:<id>"). */
function toQuery(filters: Filters, cursor?: string) {
  const [type, id] = filters.actor === ANY ? [] : filters.actor.split(":");
  return query({
    entity: filters.entity.trim(),
    actor_type: type,
    actor_id: id,
    from: filters.from ? dayBoundary(filters.from, SHOP_TIME_ZONE) : undefined,
    to: filters.to ? dayBoundary(filters.to, SHOP_TIME_ZONE, true) : undefined,
    cursor,
  });
}

export function AuditView() {
  const t = useTranslations("audit");
  const shop = useShopFormat();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const search = toQuery(applied);
  const first = useApi<Page>(`/audit${search}`);
  // Pages after the first, for the filters they were loaded under.
  const [later, setLater] = useState<{ search: string; pages: Page[] }>({ search, pages: [] });
  const pages = later.search === search ? later.pages : [];
  const page: Page | undefined = first.data && {
    entries: [first.data, ...pages].flatMap((p) => p.entries),
    next_cursor: pages.length ? pages[pages.length - 1]!.next_cursor : first.data.next_cursor,
  };
  const [moreError, setMoreError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  // Only for naming people in the actor filter; the log itself works without it.
  const people = useApi<GetUsersResponse>("/users").data?.users ?? [];

  const more = async () => {
    if (!page?.next_cursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const next = await api.get<Page>(`/audit${toQuery(applied, page.next_cursor)}`);
      setLater({ search, pages: [...pages, next] });
    } catch (error) {
      setMoreError(errorText(error));
    } finally {
      setLoadingMore(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...draft });
  };
  const clear = () => {
    setDraft(EMPTY);
    setApplied(EMPTY);
  };
  const actorLabel = (entry: Entry) => {
    if (entry.actor_type === "user") return entry.actor_name ?? entry.actor_id ?? t("actor_types.user");
    const type = t.has(`actor_types.${entry.actor_type}`)
      ? t(`actor_types.${entry.actor_type}`)
      : entry.actor_type;
    return entry.actor_id ? `${type} · ${entry.actor_id}` : type;
  };

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Card className="mb-6">
        <CardContent className="pt-4 sm:pt-6">
          <form
            onSubmit={submit}
            aria-label={t("filters")}
            className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4"
          >
            <div className="flex flex-col gap-2">
              <Label htmlFor="audit-entity">{t("entity")}</Label>
              <Input
                id="audit-entity"
                list="audit-entities"
                autoComplete="off"
                value={draft.entity}
                onChange={(e) => setDraft({ ...draft, entity: e.target.value })}
                placeholder={t("any_entity")}
              />
              <datalist id="audit-entities">
                {ENTITIES.map((entity) => (
                  <option key={entity} value={entity} />
                ))}
              </datalist>
            </div>
            <div className="flex flex-col gap-2">
              <Label htmlFor="audit-actor">{t("actor")}</Label>
              <Select value={draft.actor} onValueChange={(actor) => setDraft({ ...draft, actor })}>
                <SelectTrigger id="audit-actor">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={ANY}>{t("anyone")}</SelectItem>
                  {ACTOR_TYPES.map((type) => (
                    <SelectItem key={type} value={type}>
                      {t(`actor_types_all.${type}`)}
                    </SelectItem>
                  ))}
                  {people.map((person) => (
                    <SelectItem key={person.id} value={`user:${person.id}`}>
                      {person.name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <div className="flex flex-col gap-2">
              <Label htmlFor="audit-from">{t("from")}</Label>
              <Input
                id="audit-from"
                type="date"
                value={draft.from}
                onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              />
            </div>
            <div className="flex flex-col gap-2">
              <Label htmlFor="audit-to">{t("to")}</Label>
              <Input
                id="audit-to"
                type="date"
                value={draft.to}
                onChange={(e) => setDraft({ ...draft, to: e.target.value })}
              />
            </div>
            <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-4">
              <Button type="submit">
                <Filter aria-hidden="true" />
                {t("apply")}
              </Button>
              <Button variant="ghost" onClick={clear}>
                <X aria-hidden="true" />
                {t("clear")}
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>

      <DataState
        state={{ ...first, data: page }}
        isEmpty={(loaded) => loaded.entries.length === 0}
        empty={t("empty")}
        loading={
          <div aria-busy="true" className="flex flex-col gap-3">
            <Skeleton className="h-20 w-full" />
            <Skeleton className="h-20 w-full" />
          </div>
        }
      >
        {(page) => (
          <>
            <ol className="flex flex-col gap-3" aria-label={t("entries")}>
              {page.entries.map((entry) => (
                <li key={entry.id} className="rounded-xl border bg-card p-4" data-entry={entry.id}>
                  <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1">
                    <Badge variant="secondary" className="font-mono">
                      {entry.entity}.{entry.action}
                    </Badge>
                    <span className="font-medium">{actorLabel(entry)}</span>
                    <time dateTime={entry.created_at} className="text-sm text-muted-foreground sm:ml-auto">
                      {shop.dateTime(entry.created_at, { seconds: true })}
                    </time>
                  </div>
                  <p className="mb-2 break-all text-xs text-muted-foreground">
                    {t("entity_id", { id: entry.entity_id })}
                    {entry.correlation_id ? ` · ${t("correlation", { id: entry.correlation_id })}` : ""}
                  </p>
                  <DiffView diff={entry.diff} />
                </li>
              ))}
            </ol>
            {moreError ? (
              <Alert variant="destructive" role="alert" className="mt-4">
                <AlertDescription>{moreError}</AlertDescription>
              </Alert>
            ) : null}
            <div className="mt-4 flex justify-center">
              {page.next_cursor ? (
                <Button variant="outline" onClick={more} disabled={loadingMore}>
                  {loadingMore ? <LoaderCircle className="animate-spin" aria-hidden="true" /> : null}
                  {t("load_more")}
                </Button>
              ) : (
                <p className="text-sm text-muted-foreground">{t("end")}</p>
              )}
            </div>
          </>
        )}
      </DataState>
    </>
  );
}
