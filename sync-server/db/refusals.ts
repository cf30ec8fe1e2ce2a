// The error a strict push gets when a row is refused: nothing is written, the problem lists the rows and why.
import { ERROR_CODES, FIELD_CODES } from '../../shared/errors.ts';
import { AppError } from '../errors.ts';
import type { Refusal } from './push-plan.ts';

export function refusedBatch(refusals: readonly Refusal[]): AppError {
  const ruled = refusals.find((r) => r.code === ERROR_CODES.RULE_REFUSED);
  if (ruled) {
    const message = String(ruled.issues[0]?.detail ?? 'A rule refused this change.');
    return new AppError(422, ERROR_CODES.RULE_REFUSED, message, refusals.flatMap((r) => r.issues.map((i) => ({ ...i, row: r.row, id: r.id }))));
  }
  const forbidden = refusals.some((r) => r.code === ERROR_CODES.FORBIDDEN);
  const issues = refusals.flatMap((r) =>
    r.issues.length ? r.issues.map((i) => ({ ...i, row: r.row, id: r.id })) : [{ field: 'territoryId', code: FIELD_CODES.NO_RIGHT, row: r.row, id: r.id }],
  );
  return forbidden
    ? new AppError(403, ERROR_CODES.FORBIDDEN, 'You may not make some of these changes.', issues)
    : new AppError(422, ERROR_CODES.VALIDATION_FAILED, 'Some fields are not valid.', issues);
}
