import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n';

interface Props {
  /** The button that asks. */
  label: string;
  /** What will be lost, said before anything is. */
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  testId: string;
}

/**
 * A destructive action in two steps: the first button asks, saying what will be lost; only the
 * second does it. The focus goes to "Cancel", so an Enter pressed twice deletes nothing.
 */
export function ConfirmAction({ label, question, confirmLabel, onConfirm, testId }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" class="danger" data-testid={testId} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      setAsking(false);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      class="confirm"
      role="group"
      aria-labelledby={`${testId}-question`}
      data-testid={`${testId}-confirm`}
    >
      <p id={`${testId}-question`}>{question}</p>
      {error && <p role="alert">{t('errorUnexpected', error)}</p>}
      <p class="actions-left">
        <button
          type="button"
          class="danger"
          aria-busy={busy}
          disabled={busy}
          data-testid={`${testId}-yes`}
          onClick={() => void confirm()}
        >
          {confirmLabel}
        </button>{' '}
        <button type="button" class="more" ref={cancel} onClick={() => setAsking(false)}>
          {t('cancel')}
        </button>
      </p>
    </div>
  );
}
