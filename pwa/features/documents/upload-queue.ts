// The files of one drop (or one pick): each checked before it is sent, then sent two at a time, each with its own progress and result.
import { isEmailFile, uploadProblem, type DocumentInfo, type DocumentSettings, type EmailFiled } from '../../../shared/documents.ts';
import type { ErrorCode } from '../../../shared/errors.ts';

export type UploadState = 'waiting' | 'sending' | 'done' | 'refused' | 'failed';

export interface UploadItem {
  key: number;
  name: string;
  size: number;
  /** An .eml or .msg: filed as an e-mail communication. */
  email: boolean;
  state: UploadState;
  /** Bytes sent so far. */
  sent: number;
  /** Why it was refused before sending (a code the UI words), or why it failed (the text to show). */
  code?: ErrorCode;
  error?: string;
  result?: DocumentInfo | EmailFiled;
}

let keys = 0;

/** One item per file; those the settings refuse (name, type, size) are refused at once and never sent. */
export function planUploads(files: readonly { name: string; size: number }[], settings: Pick<DocumentSettings, 'maxFileBytes' | 'refusedExtensions'>): UploadItem[] {
  return files.map((f) => {
    const code = uploadProblem(f, settings);
    const item: UploadItem = { key: ++keys, name: f.name, size: f.size, email: isEmailFile(f.name), state: code ? 'refused' : 'waiting', sent: 0 };
    if (code) item.code = code;
    return item;
  });
}

/** Sends `send(i)` for every waiting item, `concurrency` at a time; `changed` after each step. A failure stops no other file. */
export async function runUploads(
  items: UploadItem[],
  send: (index: number, progress: (sent: number) => void) => Promise<DocumentInfo | EmailFiled>,
  describe: (err: unknown) => { error: string; code?: ErrorCode },
  changed: () => void,
  concurrency = 2,
): Promise<void> {
  const queue = items.map((_, i) => i).filter((i) => items[i]?.state === 'waiting');
  const worker = async (): Promise<void> => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const item = items[i];
      if (!item) continue;
      item.state = 'sending';
      changed();
      try {
        item.result = await send(i, (sent) => {
          item.sent = sent;
          changed();
        });
        item.sent = item.size;
        item.state = 'done';
      } catch (err) {
        const d = describe(err);
        item.state = 'failed';
        item.error = d.error;
        if (d.code) item.code = d.code;
      }
      changed();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/** The share sent, 0..100. */
export const percent = (item: Pick<UploadItem, 'sent' | 'size'>): number => (item.size > 0 ? Math.min(100, Math.round((item.sent / item.size) * 100)) : 100);
