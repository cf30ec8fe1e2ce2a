// What the two customisation forms share (Administration › Custom fields and Custom entities): the look of a form of
// labelled fields in pairs, and a field's problems from the API's answer shown under it.
import { css, html, nothing, type TemplateResult } from 'lit';
import type { SpecIssue } from '../../../shared/entities/index.ts';
import { t } from '../../i18n/index.ts';

export const customisationFormStyles = css`
  :host {
    display: block;
  }
  /* A yes/no choice on one line: the box, then its caption. */
  label.check {
    display: flex;
    gap: 8px;
    align-items: center;
    font-weight: 400;
    min-height: 44px;
  }
  label.check input {
    width: 22px;
    min-height: 22px;
  }
  h2 {
    font-size: 17px;
    margin-top: 28px;
  }
  form {
    display: grid;
    gap: 12px;
    max-width: 720px;
    margin-top: 12px;
  }
  /* Inside <details> the inherited box-sizing comes through its own slot (content-box): set it here. */
  form,
  form * {
    box-sizing: border-box;
  }
  .row {
    display: grid;
    gap: 4px;
    align-content: start;
    min-width: 0;
  }
  .row input,
  .row select,
  .row textarea {
    width: 100%;
    min-width: 0;
  }
  .pair {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 12px 16px;
  }
  @media (max-width: 560px) {
    .pair {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .hint {
    font-size: 13px;
  }
  .issue {
    color: var(--fc-danger);
  }
`;

/** The problems the API answered for `field` (or a part of it, `label.en`), in the user's words, or nothing. */
export function specIssue(issues: readonly SpecIssue[], field: string): TemplateResult | typeof nothing {
  const mine = issues.filter((i) => i.field === field || i.field.startsWith(`${field}.`));
  return mine.length === 0 ? nothing : html`<span class="issue" data-issue=${field}>${mine.map((i) => t(`issue.${i.code}`, { detail: i.detail ?? '' })).join(' ')}</span>`;
}
