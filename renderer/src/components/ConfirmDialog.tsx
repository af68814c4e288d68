import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

import { useCommands } from '../commands';
import { useI18n } from '../i18n-context';

interface DialogProps {
  title: string;
  text: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation: focus moves into it (to Cancel, the safe choice), Tab stays inside,
 * Escape cancels, and focus returns to what opened it when it closes.
 */
export function ConfirmDialog({ title, text, confirmLabel, danger, onConfirm, onCancel }: DialogProps) {
  const { t } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    cancel.current?.focus();
    return () => opener?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
      return;
    }
    if (e.key !== 'Tab' || !dialog.current) return;
    const buttons = Array.from(dialog.current.querySelectorAll<HTMLElement>('button'));
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  };

  return createPortal(
    <div className="backdrop">
      <div
        ref={dialog}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-text`}>{text}</p>
        <div className="row row--end">
          <button ref={cancel} type="button" className="button" onClick={onCancel}>
            {t.cancel}
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button--danger' : 'button--primary'}`}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}

interface ButtonProps {
  label: string;
  title: string;
  text: string;
  danger?: boolean;
  /** The screen's main action (not a danger): drawn as such. */
  primary?: boolean;
  disabled?: boolean;
  onConfirm: () => void;
}

/** A button that asks first; the action runs only after the dialog is confirmed. */
export function ConfirmButton({ label, title, text, danger, primary, disabled, onConfirm }: ButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`button ${danger ? 'button--danger' : primary ? 'button--primary' : ''}`}
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      {open && (
        <ConfirmDialog
          title={title}
          text={text}
          confirmLabel={label}
          danger={danger}
          onCancel={() => setOpen(false)}
          onConfirm={() => {
            setOpen(false);
            onConfirm();
          }}
        />
      )}
    </>
  );
}

/** "Forget everything" (asked first): from the dashboard's session card and Settings' danger zone alike. */
export function ForgetEverythingButton() {
  const { t } = useI18n();
  const { api, send } = useCommands();
  return (
    <ConfirmButton
      label={t.forget}
      title={t.confirmForgetTitle}
      text={t.confirmForgetText}
      danger
      onConfirm={() => void send(api.forgetEverything())}
    />
  );
}
