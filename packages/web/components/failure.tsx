import { Alert, AlertDescription } from "@/components/ui/alert";

/** A failed action's reason, read out as an alert; nothing when there is none. */
export function Failure({ text, className }: { text: string | undefined; className?: string }) {
  return text ? (
    <Alert variant="destructive" role="alert" className={className}>
      <AlertDescription>{text}</AlertDescription>
    </Alert>
  ) : null;
}
