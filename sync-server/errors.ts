// The one error type of the server and the handler that turns any error into a JSON problem body with a stable code.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, type ErrorCode, type FieldIssue, type Problem } from '../shared/errors.ts';

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Problem['issues'],
    /** Where in a submitted text (a mail-merge template) the problem is, and what (the field's name). */
    readonly where?: { line?: number; column?: number; detail?: string },
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: ErrorCode, message: string): AppError => new AppError(400, code, message);
export const invalid = (issues: (FieldIssue & { row?: number; id?: string })[]): AppError =>
  new AppError(422, ERROR_CODES.VALIDATION_FAILED, 'Some fields are not valid.', issues);

export function problemOf(err: unknown): Problem {
  if (err instanceof AppError) {
    const p: Problem = { type: 'about:blank', status: err.status, code: err.code, title: err.message };
    if (err.issues) p.issues = err.issues;
    if (err.where?.line !== undefined) p.line = err.where.line;
    if (err.where?.column !== undefined) p.column = err.where.column;
    if (err.where?.detail !== undefined) p.detail = err.where.detail;
    return p;
  }
  return { type: 'about:blank', status: 500, code: ERROR_CODES.INTERNAL, title: 'Something went wrong on the server.' };
}

/** How a server fault is written down: the server's logger, or standard error when there is none (API-only tests). */
export type ErrorLog = (fields: { reqId?: string; err: Error }) => void;
const toStderr: ErrorLog = ({ reqId, err }) => console.error('[fieldcrm]', reqId ?? '', err);

export function onError(err: Error, c: Context, log: ErrorLog = toStderr): Response {
  const problem = problemOf(err);
  const reqId = (c.get as (key: string) => unknown)('requestId');
  if (typeof reqId === 'string') problem.requestId = reqId;
  if (problem.status >= 500) log({ ...(typeof reqId === 'string' ? { reqId } : {}), err });
  return c.json(problem, problem.status as ContentfulStatusCode, { 'Content-Type': 'application/problem+json' });
}

/** Reads a JSON body or fails with a stable code (never a 500 for a client's mistake). */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw badRequest(ERROR_CODES.MALFORMED_BODY, 'The request body is not valid JSON.');
  }
}
