// A confirmation dialog that works on old Safari (no <dialog> before 15.4): a modal overlay with two buttons.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from './styles.ts';

@customElement('fc-confirm')
export class FcConfirm extends LitElement {
  static override styles = [
    base,
    css`
      .backdrop {
        position: fixed;
        /* No inset shorthand before Safari 14.1. */
        top: 0;
        right: 0;
        bottom: 0;
        left: 0;
        background: rgb(0 0 0 / 40%);
        display: flex;
        align-items: center;
        justify-content: center;
        z-index: 50;
        padding: 16px;
      }
      .box {
        background: #fff;
        border-radius: 12px;
        padding: 20px;
        max-width: 420px;
        width: 100%;
      }
      .toolbar {
        justify-content: flex-end;
        margin-top: 16px;
      }
    `,
  ];
  @property() message = '';
  @property() confirmLabel = 'OK';
  @property() cancelLabel = 'Cancel';
  @property({ type: Boolean }) open = false;

  private answer(ok: boolean): void {
    this.open = false;
    this.dispatchEvent(new CustomEvent<boolean>('fc-answer', { detail: ok }));
  }

  override updated(): void {
    if (this.open) (this.renderRoot.querySelector('button.danger') as HTMLButtonElement | null)?.focus();
  }

  override render() {
    if (!this.open) return nothing;
    return html`<div class="backdrop" @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.answer(false)}>
      <div class="box" role="alertdialog" aria-modal="true" aria-label=${this.message}>
        <p>${this.message}</p>
        <div class="toolbar">
          <button type="button" @click=${() => this.answer(false)}>${this.cancelLabel}</button>
          <button type="button" class="danger" @click=${() => this.answer(true)}>${this.confirmLabel}</button>
        </div>
      </div>
    </div>`;
  }
}
