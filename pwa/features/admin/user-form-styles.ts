// The look both user forms share (Administration → New user, and Edit a user): a card of fields in a grid, each label
// above its input, the field's problem under it, and the buttons on a row of their own.
import { css } from 'lit';

export const userFormStyles = css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(220px, 1fr));
        gap: 8px 16px;
        background: #fff;
        border: 1px solid var(--fc-line);
        border-radius: 8px;
        padding: 12px 16px;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 4px;
        font-size: 14px;
      }
      label > input,
      label > select {
        width: 100%;
        min-width: 0;
        box-sizing: border-box;
      }
      .issue {
        color: var(--fc-error, #b3261e);
        font-size: 13px;
      }
      .actions {
        grid-column: 1 / -1;
      }
`;
