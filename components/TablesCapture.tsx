import { useState } from 'preact/hooks';
import type { CaptureOutcome } from '../lib/capture-outcome';
import { t } from '../lib/i18n';
import { readTabTables, saveTables, type TabTables } from '../lib/tab-tables';
import { CaptureResult } from './CaptureResult';
import { portalLabel } from '../lib/portal-label';
import { TableChoice } from './TableChoice';

type Reading = { status: 'idle' } | { status: 'reading' } | TabTables;

/**
 * The generic capture, offered on a page no portal reader knows: read the page's tables when the
 * person asks (never before), let them tick the ones to keep, and save those as table rows.
 */
export function TablesCapture({ tabId }: { tabId: number }) {
  const [reading, setReading] = useState<Reading>({ status: 'idle' });
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<CaptureOutcome | null>(null);

  const read = async () => {
    setReading({ status: 'reading' });
    setReading(await readTabTables(tabId));
  };

  const toggle = (index: number) => {
    const next = new Set(chosen);
    if (!next.delete(index)) next.add(index);
    setChosen(next);
  };

  const save = async () => {
    if (reading.status !== 'read' || chosen.size === 0 || saving) return;
    setSaving(true);
    setOutcome(null);
    const tables = reading.page.tables.filter((_, index) => chosen.has(index));
    setOutcome(await saveTables(reading.page, tables, reading.startedAt));
    setSaving(false);
  };

  return (
    <section class="tables-capture" data-testid="tables-capture" data-status={reading.status}>
      {reading.status === 'idle' && (
        <>
          <p class="muted">{t('tablesHint')}</p>
          <button type="button" class="primary" data-testid="tables-read" onClick={read}>
            {t('tablesOffer')}
          </button>
        </>
      )}
      {reading.status === 'reading' && <p>{t('tablesReading')}</p>}
      {reading.status === 'unreadable' && <p data-testid="tables-message">{t('tablesUnreadable')}</p>}
      {reading.status === 'portal' && <p data-testid="tables-message">{t('tablesPortal')}</p>}
      {reading.status === 'read' && reading.page.tables.length === 0 && (
        <p data-testid="tables-message">{t('tablesNone')}</p>
      )}
      {reading.status === 'read' && reading.page.tables.length > 0 && (
        <>
          <fieldset>
            <legend>{t('tablesFound', reading.page.tables.length)}</legend>
            {reading.page.truncated && <p class="muted">{t('tablesPageTruncated')}</p>}
            <ul class="table-choices">
              {reading.page.tables.map((table, index) => (
                <TableChoice
                  key={index}
                  table={table}
                  index={index}
                  chosen={chosen.has(index)}
                  onToggle={toggle}
                />
              ))}
            </ul>
          </fieldset>
          <button
            type="button"
            class="primary"
            data-testid="tables-save"
            disabled={chosen.size === 0}
            aria-busy={saving}
            onClick={save}
          >
            {saving ? t('saving') : t('tablesSave')}
          </button>
          {outcome && (
            <CaptureResult
              outcome={outcome}
              portalName={outcome.capture ? portalLabel(outcome.capture.scraper.id) : undefined}
            />
          )}
        </>
      )}
    </section>
  );
}
