// Checks on values of unknown shape (request bodies, stored JSON): shared by the server and the PWA.

/** A plain object (not null, not an array): its keys can be read as a record. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
