// Document settings (upload limit, refused types, storage): kept as a server setting, checked when an administrator changes them.
import { DEFAULT_DOCUMENT_SETTINGS, DOCUMENT_LIMITS, DOCUMENT_STORAGES, type DocumentSettings, type DocumentStorage } from '../../shared/documents.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import type { SyncStore } from '../db/store.ts';
import { AppError } from '../errors.ts';
import { isObject } from '../../shared/objects.ts';

const KEY = 'documents';
const EXTENSION = /^[a-z0-9][a-z0-9_+-]*$/;

const bad = (message: string): AppError => new AppError(400, ERROR_CODES.DOC_BAD_SETTINGS, message);

/**
 * Checks settings an administrator sends (all three fields, or some of them over `base`): a size limit between
 * 1 KiB and 1 GiB, extensions of letters and digits (a leading dot and case are forgiven), a known storage.
 */
export function checkDocumentSettings(raw: unknown, base: DocumentSettings = DEFAULT_DOCUMENT_SETTINGS): DocumentSettings {
  if (!isObject(raw)) throw bad('Send { "maxFileBytes", "refusedExtensions", "storage" }.');
  const extra = Object.keys(raw).filter((k) => !['maxFileBytes', 'refusedExtensions', 'storage'].includes(k));
  if (extra.length) throw bad(`Unknown keys: ${extra.slice(0, 5).join(', ')}.`);
  const out: DocumentSettings = { ...base, refusedExtensions: [...base.refusedExtensions] };
  if (raw.maxFileBytes !== undefined) {
    const n = raw.maxFileBytes;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < DOCUMENT_LIMITS.maxFileBytesFloor || n > DOCUMENT_LIMITS.maxFileBytesCeiling)
      throw bad(`maxFileBytes is a whole number of bytes from ${DOCUMENT_LIMITS.maxFileBytesFloor} to ${DOCUMENT_LIMITS.maxFileBytesCeiling}.`);
    out.maxFileBytes = n;
  }
  if (raw.refusedExtensions !== undefined) {
    const list = raw.refusedExtensions;
    if (!Array.isArray(list) || list.length > DOCUMENT_LIMITS.refusedMax) throw bad(`refusedExtensions is a list of at most ${DOCUMENT_LIMITS.refusedMax} extensions.`);
    const clean = new Set<string>();
    for (const item of list) {
      const ext = typeof item === 'string' ? item.trim().replace(/^\./, '').toLowerCase() : '';
      if (!ext || ext.length > DOCUMENT_LIMITS.extensionMax || !EXTENSION.test(ext)) throw bad(`"${String(item).slice(0, 30)}" is not a file name extension (letters and digits, such as exe).`);
      clean.add(ext);
    }
    out.refusedExtensions = [...clean].sort();
  }
  if (raw.storage !== undefined) {
    if (typeof raw.storage !== 'string' || !(DOCUMENT_STORAGES as readonly string[]).includes(raw.storage)) throw bad(`storage is one of ${DOCUMENT_STORAGES.join(', ')}.`);
    out.storage = raw.storage as DocumentStorage;
  }
  return out;
}

/** The settings in force: the stored ones, or the defaults (a stored value that no longer checks reads as the default). */
export async function readDocumentSettings(store: SyncStore): Promise<DocumentSettings> {
  const text = await store.getServerSetting(KEY);
  if (!text) return DEFAULT_DOCUMENT_SETTINGS;
  try {
    return checkDocumentSettings(JSON.parse(text));
  } catch {
    return DEFAULT_DOCUMENT_SETTINGS;
  }
}

/** Applies an administrator's change over the settings in force and keeps the result. */
export async function saveDocumentSettings(store: SyncStore, raw: unknown, by: string): Promise<DocumentSettings> {
  const next = checkDocumentSettings(raw, await readDocumentSettings(store));
  await store.putServerSetting(KEY, JSON.stringify(next), by, new Date().toISOString());
  return next;
}
