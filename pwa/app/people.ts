// Colleagues' names from the session (kept for offline use): "changed by", calendar owners, owner pickers.
import { runtime } from './runtime.ts';

export function personName(id: string): string {
  return runtime.current?.session.people?.find((p) => p.id === id)?.displayName ?? id;
}

export function people(): { id: string; displayName: string }[] {
  return runtime.current?.session.people ?? [];
}
