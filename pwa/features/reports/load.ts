// Loads the reports screen and its chart as their own chunk, once: the first screen's bundle stays lean (docs/decisions/0036).
let loading: Promise<unknown> | null = null;

export function loadReports(): Promise<unknown> {
  loading ??= import('./fc-reports-page.ts').catch((err: unknown) => {
    // Offline before the chunk was ever cached: let a later attempt try again.
    loading = null;
    throw err;
  });
  return loading;
}
