"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { fieldClasses, Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import { type BuyerDraft, type BuyerField, ID_TYPES, type IdType, STATE_CODES } from "./buyer";

type Props = {
  draft: BuyerDraft;
  onChange: (field: BuyerField, value: string) => void;
  /** Text of the problem per field, already translated. */
  errors: ReadonlyMap<BuyerField, string>;
  /** The fields this form asks for (the public form leaves out the SST number). */
  fields: readonly BuyerField[];
  /** Prefix of the inputs' ids, so two forms on a page never share one. */
  idPrefix: string;
  /** The buyer filling in their own details may let the browser fill them; staff typing for someone may not. */
  autofill: boolean;
  disabled?: boolean;
};

const AUTOCOMPLETE: Partial<Record<BuyerField, string>> = {
  name: "name",
  email: "email",
  phone: "tel",
  address_line1: "address-line1",
  address_line2: "address-line2",
  postcode: "postal-code",
  city: "address-level2",
};

/** The buyer's details for an e-invoice: one column on a phone, two where there is room. */
export function BuyerFields({ draft, onChange, errors, fields, idPrefix, autofill, disabled }: Props) {
  const t = useTranslations("einvoice_buyer");
  const id = (field: BuyerField) => `${idPrefix}-${field}`;

  const field = (
    name: BuyerField,
    control: (describedBy: string | undefined) => ReactNode,
    options: { hint?: string; optional?: boolean; wide?: boolean } = {},
  ) => {
    if (!fields.includes(name)) return null;
    const error = errors.get(name);
    const hintId = options.hint ? `${id(name)}-hint` : undefined;
    const errorId = error ? `${id(name)}-error` : undefined;
    const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
    return (
      <div className={cn("flex flex-col gap-2", options.wide && "sm:col-span-2")} data-field={name}>
        <Label htmlFor={id(name)}>
          {t(name)}
          {options.optional ? (
            <span className="ml-1 font-normal text-muted-foreground">{t("optional")}</span>
          ) : null}
        </Label>
        {control(describedBy)}
        {options.hint ? (
          <p id={hintId} className="text-xs text-muted-foreground">
            {options.hint}
          </p>
        ) : null}
        {error ? (
          <p id={errorId} className="text-sm text-destructive" data-issue={name}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  const input =
    (
      name: BuyerField,
      extra: { type?: string; inputMode?: "text" | "email" | "tel" | "numeric"; required?: boolean } = {},
    ) =>
    (describedBy: string | undefined) => (
      <Input
        id={id(name)}
        name={name}
        type={extra.type ?? "text"}
        inputMode={extra.inputMode}
        value={draft[name]}
        onChange={(event) => onChange(name, event.target.value)}
        autoComplete={autofill ? (AUTOCOMPLETE[name] ?? "off") : "off"}
        required={extra.required}
        disabled={disabled}
        aria-invalid={errors.has(name) ? true : undefined}
        aria-describedby={describedBy}
      />
    );

  const select =
    (name: "id_type" | "state_code", options: { value: string; label: string }[]) =>
    (describedBy: string | undefined) => (
      <select
        id={id(name)}
        name={name}
        value={draft[name]}
        onChange={(event) => onChange(name, event.target.value)}
        required
        disabled={disabled}
        aria-invalid={errors.has(name) ? true : undefined}
        aria-describedby={describedBy}
        className={cn(fieldClasses, "h-10 py-2")}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.value === ""}>
            {option.label}
          </option>
        ))}
      </select>
    );

  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {field("name", input("name", { required: true }), { hint: t("name_hint"), wide: true })}
      {field("tin", input("tin"), { hint: t("tin_hint"), optional: true, wide: true })}
      {field(
        "id_type",
        select(
          "id_type",
          ID_TYPES.map((type) => ({ value: type, label: t(`id_types.${type}`) })),
        ),
      )}
      {field("id_value", input("id_value", { required: true }), {
        hint: t(`id_hints.${draft.id_type as IdType}`),
      })}
      {field("email", input("email", { type: "email", inputMode: "email" }), {
        hint: t("email_hint"),
        optional: true,
      })}
      {field("phone", input("phone", { type: "tel", inputMode: "tel" }), { optional: true })}
      {field("address_line1", input("address_line1", { required: true }), { wide: true })}
      {field("address_line2", input("address_line2"), { optional: true, wide: true })}
      {field("postcode", input("postcode", { inputMode: "numeric" }), { optional: true })}
      {field("city", input("city", { required: true }))}
      {field(
        "state_code",
        select("state_code", [
          { value: "", label: t("choose_state") },
          ...STATE_CODES.map((code) => ({ value: code, label: t(`states.${code}`) })),
        ]),
        { wide: true },
      )}
      {field("sst_number", input("sst_number"), { optional: true, wide: true })}
    </div>
  );
}
