// Receives an upload: streamed to a temporary file, hashed (SHA-256) and counted as it arrives, stopped at the size limit.
import { createHash, randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ERROR_CODES } from '../../shared/errors.ts';
import { AppError } from '../errors.ts';

export interface Received {
  /** The temporary file; the caller moves it into place or removes it. */
  path: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

export const tooLarge = (max: number): AppError => new AppError(413, ERROR_CODES.DOC_TOO_LARGE, `The file is larger than the limit of ${max} bytes.`);

/**
 * Writes `body` to a new file in `dir` while hashing and counting it. Past `maxBytes` it stops reading at once
 * (413 DOC_TOO_LARGE); when `expected` bytes were announced and fewer came (the client went away) it fails with
 * DOC_UPLOAD_INCOMPLETE. On any failure the temporary file is gone before this returns: nothing half-filed.
 */
export async function receive(body: ReadableStream<Uint8Array> | null, dir: string, maxBytes: number, expected: number | null = null): Promise<Received> {
  const path = join(dir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  const file = await open(path, 'wx', 0o600);
  const reader = body?.getReader() ?? null;
  let size = 0;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        if (!reader) break;
        chunk = await reader.read();
      } catch {
        // The client went away (or the connection broke) in the middle of the upload.
        throw new AppError(400, ERROR_CODES.DOC_UPLOAD_INCOMPLETE, 'The upload was interrupted before the whole file arrived.');
      }
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      hash.update(chunk.value);
      await file.write(chunk.value);
    }
    if (expected !== null && size !== expected) throw new AppError(400, ERROR_CODES.DOC_UPLOAD_INCOMPLETE, 'The upload was interrupted before the whole file arrived.');
    // On disk before it is renamed into place and its row committed: a crash then cannot leave a row over a short file.
    await file.sync();
    await file.close();
    return { path, size, sha256: hash.digest('hex') };
  } catch (err) {
    await file.close().catch(() => undefined);
    await rm(path, { force: true });
    throw err;
  }
}
