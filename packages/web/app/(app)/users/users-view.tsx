"use client";

import { CircleAlert, Ellipsis, KeyRound, UserCheck, UserX } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { DataState } from "@/components/data-state";
import { PageHeader } from "@/components/page-header";
import { useSession } from "@/components/session";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { api } from "@/lib/api";
import type { GetUsersResponse } from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { useErrorText } from "@/lib/issues";
import { ROLES, type Role } from "@/lib/nav";
import { useApi } from "@/lib/use-api";
import { CreateUser } from "./create-user";
import { TemporaryPassword } from "./temporary-password";

/** An account as GET /api/users lists it (generated from the staff API's document). */
export type User = GetUsersResponse["users"][number];

type Reset = { user: User; stage: "confirm" | "busy" | { password: string } };

export function UsersView() {
  const t = useTranslations("users");
  const tc = useTranslations("common");
  const shop = useShopFormat();
  const me = useSession();
  const notify = useToast();
  const errorText = useErrorText();
  const state = useApi<GetUsersResponse>("/users");
  const setUsers = (update: (list: User[] | undefined) => User[] | undefined) =>
    state.set((current) => ({ users: update(current?.users) ?? [] }));
  const [actionError, setActionError] = useState<string>();
  const [pending, setPending] = useState<string>();
  const [reset, setReset] = useState<Reset>();

  const replace = (user: User) =>
    setUsers((list) => list?.map((u) => (u.id === user.id ? { ...u, ...user } : u)));

  const change: Change = async (user, patch, done) => {
    setPending(user.id);
    setActionError(undefined);
    try {
      const body = await api.patch<{ user?: User } | undefined>(
        `/users/${encodeURIComponent(user.id)}`,
        patch,
      );
      replace(body?.user ?? { ...user, ...patch });
      notify("success", done);
    } catch (error) {
      setActionError(errorText(error));
    } finally {
      setPending(undefined);
    }
  };

  const resetPassword = async (user: User) => {
    setReset({ user, stage: "busy" });
    try {
      const body = await api.post<{ temporary_password: string }>(
        `/users/${encodeURIComponent(user.id)}/reset-password`,
      );
      setReset({ user, stage: { password: body.temporary_password } });
      state.retry();
    } catch (error) {
      setReset(undefined);
      setActionError(errorText(error));
    }
  };

  const askReset = (user: User) => setReset({ user, stage: "confirm" });

  const when = (iso: string | null) => (iso ? shop.dateTime(iso) : null);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={<CreateUser onCreated={(user) => setUsers((list) => (list ? [...list, user] : [user]))} />}
      />
      {actionError ? (
        <Alert variant="destructive" role="alert" className="mb-4">
          <CircleAlert aria-hidden="true" />
          <AlertDescription>{actionError}</AlertDescription>
        </Alert>
      ) : null}
      <DataState state={{ ...state, data: state.data?.users }}>
        {(users) => (
          <>
            {/* Phones get one card per person; from md up the same data is a table. */}
            <ul className="flex flex-col gap-3 md:hidden" aria-label={t("title")}>
              {users.map((user) => (
                <li key={user.id} className="rounded-xl border bg-card p-4" data-user={user.email}>
                  <div className="mb-3 flex items-start justify-between gap-2">
                    <Identity user={user} me={me.id} />
                    <Actions user={user} busy={pending === user.id} onChange={change} onReset={askReset} />
                  </div>
                  <div className="flex flex-wrap items-center gap-2">
                    <div className="w-40">
                      <RoleSelect user={user} busy={pending === user.id} onChange={change} />
                    </div>
                    <StatusBadges user={user} when={when} />
                  </div>
                  <p className="mt-2 text-xs text-muted-foreground">
                    {t("columns.last_login")}: {when(user.last_login_at) ?? t("never")}
                  </p>
                </li>
              ))}
            </ul>
            <div className="hidden rounded-xl border bg-card md:block">
              <Table aria-label={t("title")}>
                <TableHeader>
                  <TableRow>
                    <TableHead scope="col">{t("columns.user")}</TableHead>
                    <TableHead scope="col">{t("columns.role")}</TableHead>
                    <TableHead scope="col">{t("columns.status")}</TableHead>
                    <TableHead scope="col">{t("columns.last_login")}</TableHead>
                    <TableHead scope="col" className="text-right">
                      <span className="sr-only">{t("columns.actions")}</span>
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {users.map((user) => (
                    <TableRow key={user.id} data-user={user.email}>
                      <TableCell>
                        <Identity user={user} me={me.id} />
                      </TableCell>
                      <TableCell className="w-44">
                        <RoleSelect user={user} busy={pending === user.id} onChange={change} />
                      </TableCell>
                      <TableCell>
                        <StatusBadges user={user} when={when} />
                      </TableCell>
                      <TableCell className="text-muted-foreground">
                        {when(user.last_login_at) ?? t("never")}
                      </TableCell>
                      <TableCell className="text-right">
                        <Actions
                          user={user}
                          busy={pending === user.id}
                          onChange={change}
                          onReset={askReset}
                        />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </>
        )}
      </DataState>

      <Dialog open={reset !== undefined} onOpenChange={(open) => (open ? undefined : setReset(undefined))}>
        {reset ? (
          <DialogContent closeLabel={tc("close")}>
            <DialogHeader>
              <DialogTitle>{t("reset_title", { name: reset.user.name })}</DialogTitle>
              <DialogDescription>
                {typeof reset.stage === "object"
                  ? t("reset_done")
                  : t("reset_confirm", { name: reset.user.name })}
              </DialogDescription>
            </DialogHeader>
            {typeof reset.stage === "object" ? (
              <>
                <TemporaryPassword password={reset.stage.password} name={reset.user.name} />
                <DialogFooter>
                  <Button onClick={() => setReset(undefined)}>{tc("done")}</Button>
                </DialogFooter>
              </>
            ) : (
              <DialogFooter>
                <Button variant="outline" onClick={() => setReset(undefined)}>
                  {tc("cancel")}
                </Button>
                <Button
                  variant="destructive"
                  disabled={reset.stage === "busy"}
                  onClick={() => resetPassword(reset.user)}
                >
                  {t("reset_action")}
                </Button>
              </DialogFooter>
            )}
          </DialogContent>
        ) : null}
      </Dialog>
    </>
  );
}

type Change = (user: User, patch: Partial<Pick<User, "role" | "status">>, done: string) => Promise<void>;

function Identity({ user, me }: { user: User; me: string }) {
  const t = useTranslations("users");
  return (
    <div className="min-w-0">
      <p className="font-medium">
        {user.name}
        {user.id === me ? <span className="ml-1 font-normal text-muted-foreground">{t("you")}</span> : null}
      </p>
      <p className="break-all text-xs text-muted-foreground">{user.email}</p>
    </div>
  );
}

function RoleSelect({ user, busy, onChange }: { user: User; busy: boolean; onChange: Change }) {
  const t = useTranslations("users");
  const tr = useTranslations("roles");
  return (
    <Select
      value={user.role}
      disabled={busy}
      onValueChange={(role) =>
        onChange(user, { role: role as Role }, t("role_changed", { name: user.name, role: tr(role) }))
      }
    >
      <SelectTrigger className="h-9" aria-label={t("role_for", { name: user.name })}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {ROLES.map((role) => (
          <SelectItem key={role} value={role}>
            {tr(role)}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

function StatusBadges({ user, when }: { user: User; when: (iso: string | null) => string | null }) {
  const t = useTranslations("users");
  const locked = user.locked_until !== null && Date.parse(user.locked_until) > Date.now();
  return (
    <div className="flex flex-wrap gap-1">
      <Badge
        variant={user.status === "active" ? "success" : user.status === "invited" ? "secondary" : "outline"}
      >
        {t(`status.${user.status}`)}
      </Badge>
      {locked ? (
        <Badge variant="warning">{t("locked_until", { time: when(user.locked_until) ?? "" })}</Badge>
      ) : null}
      {user.must_change_password ? <Badge variant="secondary">{t("temporary_badge")}</Badge> : null}
    </div>
  );
}

function Actions({
  user,
  busy,
  onChange,
  onReset,
}: {
  user: User;
  busy: boolean;
  onChange: Change;
  onReset: (user: User) => void;
}) {
  const t = useTranslations("users");
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          disabled={busy}
          aria-label={t("actions_for", { name: user.name })}
        >
          <Ellipsis aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        {user.status === "disabled" ? (
          <DropdownMenuItem
            onSelect={() => onChange(user, { status: "active" }, t("enabled", { name: user.name }))}
          >
            <UserCheck aria-hidden="true" />
            {t("enable")}
          </DropdownMenuItem>
        ) : (
          <DropdownMenuItem
            onSelect={() => onChange(user, { status: "disabled" }, t("disabled", { name: user.name }))}
          >
            <UserX aria-hidden="true" />
            {t("disable")}
          </DropdownMenuItem>
        )}
        <DropdownMenuItem onSelect={() => onReset(user)}>
          <KeyRound aria-hidden="true" />
          {t("reset")}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
