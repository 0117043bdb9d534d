/** Issue text for exactly this path, or undefined. */
export type IssuesAt = (path: string) => string | undefined;

/** The API's issue for one field, under it; `data-issue` names the path it came with. */
export function FieldError({ id, text, path }: { id: string; text?: string; path: string }) {
  if (!text) return null;
  return (
    <p id={id} className="text-sm text-destructive" data-issue={path}>
      {text}
    </p>
  );
}
