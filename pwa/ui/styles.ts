// Shared look: tokens, buttons, fields. Touch targets are 44 px high; nothing depends on hover.
import { css } from 'lit';

export const base = css`
  /* Read by screen readers, not shown (every element shares one rule). */
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  :host {
    --fc-bg: #f5f6f8;
    --fc-surface: #fff;
    --fc-text: #1d2733;
    --fc-muted: #5b6775;
    --fc-line: #d9dee5;
    --fc-accent: #0b63b6;
    --fc-accent-text: #fff;
    --fc-danger: #b3261e;
    --fc-ok: #1e7b34;
    --fc-warn: #a15c00;
    --fc-radius: 8px;
    box-sizing: border-box;
    color: var(--fc-text);
    font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  }
  *, *::before, *::after {
    box-sizing: inherit;
  }
  button, .button {
    min-height: 44px;
    min-width: 44px;
    padding: 0 16px;
    border-radius: var(--fc-radius);
    border: 1px solid var(--fc-line);
    background: var(--fc-surface);
    color: var(--fc-text);
    font: inherit;
    font-weight: 500;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    text-decoration: none;
    white-space: nowrap;
  }
  button.primary, .button.primary {
    background: var(--fc-accent);
    border-color: var(--fc-accent);
    color: var(--fc-accent-text);
  }
  button.danger {
    color: var(--fc-danger);
    border-color: #e6b8b5;
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  /* Safari 13 has no :focus-visible and would drop a whole rule naming it: :focus first, then the refinement. */
  button:focus, a:focus, input:focus, select:focus, textarea:focus {
    outline: 3px solid #7fb3ea;
    outline-offset: 1px;
  }
  button:focus:not(:focus-visible), a:focus:not(:focus-visible) {
    outline: none;
  }
  input, select, textarea {
    font: inherit;
    min-height: 44px;
    padding: 8px 10px;
    border: 1px solid var(--fc-line);
    border-radius: var(--fc-radius);
    background: #fff;
    color: inherit;
    width: 100%;
  }
  textarea {
    min-height: 96px;
    resize: vertical;
  }
  label {
    font-weight: 500;
    display: block;
    margin-bottom: 4px;
  }
  .issue {
    color: var(--fc-danger);
    font-size: 13px;
    margin-top: 2px;
  }
  [aria-invalid='true'] {
    border-color: var(--fc-danger);
  }
  .muted {
    color: var(--fc-muted);
  }
  .card {
    background: var(--fc-surface);
    border: 1px solid var(--fc-line);
    border-radius: var(--fc-radius);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  a {
    color: var(--fc-accent);
  }
`;

/** A custom page (customfile tab): its frame and title. */
export const page = css`
  :host {
    display: block;
    padding: 12px 16px 60px;
  }
  h1 {
    font-size: 20px;
  }
`;

/** A table of rows inside a page, scrolled sideways on narrow screens rather than squeezed. */
export const dataTable = css`
  .scroll {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    background: var(--fc-surface);
  }
  th,
  td {
    text-align: left;
    padding: 6px 8px;
    border-bottom: 1px solid var(--fc-line);
    vertical-align: middle;
  }
  th {
    font-weight: 600;
    font-size: 13px;
    color: var(--fc-muted);
  }
`;
