import type { CustomField, Definition } from "@/lib/intake-form";

type Option = NonNullable<CustomField["options"]>[number];
/** Fields and choices being edited carry a local id, so React keeps their inputs while they move. */
export type OptionDraft = Option & { uid: string };
export type CustomDraft = Omit<CustomField, "options"> & { uid: string; options?: OptionDraft[] };
export type Draft = Omit<Definition, "custom_fields"> & { custom_fields: CustomDraft[] };

let next = 0;
export const uid = () => `f${++next}`;

export function toDraft(definition: Definition): Draft {
  return {
    ...structuredClone(definition),
    custom_fields: definition.custom_fields.map((field) => ({
      ...structuredClone(field),
      uid: uid(),
      options: field.options?.map((option) => ({ ...structuredClone(option), uid: uid() })),
    })),
  };
}

/** The PUT body: local ids dropped, and choices only on the kind that has them. */
export function toDefinition(draft: Draft): Definition {
  return {
    optional_fields: draft.optional_fields,
    custom_fields: draft.custom_fields.map(({ uid: _, options, ...field }) =>
      field.kind === "select" ? { ...field, options: (options ?? []).map(({ uid: _, ...o }) => o) } : field,
    ),
    consent_text: draft.consent_text,
    terms_text: draft.terms_text,
  };
}

export const blankOption = (): OptionDraft => ({ uid: uid(), value: "", label: { en: "", ms: "" } });

export const blankField = (): CustomDraft => ({
  uid: uid(),
  key: "",
  label: { en: "", ms: "" },
  kind: "text",
  required: false,
});

export function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}
