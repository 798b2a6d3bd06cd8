import { useEffect, useRef, useState } from 'preact/hooks';
import type { CaptureOutcome } from '../lib/capture-outcome';
import { t } from '../lib/i18n';
import { CaptureResult } from './CaptureResult';

interface Props {
  /** Reads the page and stores it; resolves with what happened (never rejects). */
  onSave: () => Promise<CaptureOutcome>;
  onOpenDashboard: () => void;
  /** A save started elsewhere (the popup) reports its outcome here too. */
  external?: CaptureOutcome | null;
}

/**
 * The floating "Enregistrer mes données" button of a portal page and the outcome of the last
 * save. A native button, so Tab reaches it and Enter or Space press it; the outcome is a live
 * region, read out by screen readers without moving the focus.
 */
export function PageButton({ onSave, onOpenDashboard, external }: Props) {
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<CaptureOutcome | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (external) setOutcome(external);
  }, [external]);

  const save = async () => {
    // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
    if (saving) return;
    setSaving(true);
    setOutcome(null);
    try {
      setOutcome(await onSave());
    } finally {
      setSaving(false);
    }
  };

  const close = () => {
    setOutcome(null);
    buttonRef.current?.focus();
  };

  return (
    <div
      class="panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && outcome) close();
      }}
    >
      <div role="status" aria-live="polite" class="live">
        {saving && (
          <p class="saving" data-testid="capture-result" data-status="saving">
            {t('saving')}
          </p>
        )}
        {outcome && !saving && (
          <CaptureResult outcome={outcome} onOpenDashboard={onOpenDashboard} onClose={close} />
        )}
      </div>
      <button
        ref={buttonRef}
        type="button"
        class="save"
        data-testid="save-my-data"
        title={t('saveButtonTitle')}
        aria-disabled={saving}
        aria-busy={saving}
        onClick={save}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
          <path
            fill="currentColor"
            d="M12 3a1 1 0 0 1 1 1v9.59l3.3-3.3a1 1 0 1 1 1.4 1.42l-5 5a1 1 0 0 1-1.4 0l-5-5a1 1 0 1 1 1.4-1.42l3.3 3.3V4a1 1 0 0 1 1-1zM5 19h14a1 1 0 1 1 0 2H5a1 1 0 1 1 0-2z"
          />
        </svg>
        <span>{saving ? t('saving') : t('saveButton')}</span>
      </button>
    </div>
  );
}
