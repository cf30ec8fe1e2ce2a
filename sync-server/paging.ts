// The page a list route is asked for (`?offset=&limit=`): one check for every list.
import type { Context } from 'hono';
import type { ErrorCode } from '../shared/errors.ts';
import { AppError } from './errors.ts';

/** Whole numbers, offset from 0 and limit from 1 to `max`; anything else is a 400 with the route's code. */
export function pageOf(c: Context, max: number, code: ErrorCode, defaultLimit = 50): { offset: number; limit: number } {
  const offset = Number(c.req.query('offset') ?? 0);
  const limit = Number(c.req.query('limit') ?? defaultLimit);
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > max)
    throw new AppError(400, code, `offset must be a whole number from 0, and limit one from 1 to ${max}.`);
  return { offset, limit };
}
