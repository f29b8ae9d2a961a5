// Structured one-line JSON logs: {"t":…, "scope":…, "event":…, …fields}. Silent when quiet.

export type Logger = (scope: string, event: string, fields?: Record<string, unknown>) => void;

export function createLogger(quiet: boolean): Logger {
  if (quiet) return () => {};
  return (scope, event, fields) => {
    console.log(JSON.stringify({ t: new Date().toISOString(), scope, event, ...fields }));
  };
}
