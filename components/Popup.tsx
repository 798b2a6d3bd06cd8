import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { CaptureOutcome } from '../lib/capture-outcome';
import { t, uiLocale } from '../lib/i18n';
import type { PageStatus } from '../lib/messages';
import { useLiveQuery } from './hooks/use-live-query';
import { scrapers } from '../scrapers/registry';
import { RECORD_KINDS } from '../storage/schemas';
import type { MesDonneesDb } from '../storage/db';
import { listCaptures } from '../storage/queries';
import { formatInstant } from '../lib/format';
import { portalLabel } from '../lib/portal-label';
import { kindLabel, kindsLabel } from '../lib/record-summary';
import { captureSummaryText } from './CaptureList';
import { CaptureResult } from './CaptureResult';
import { TablesCapture } from './TablesCapture';

type PageState =
  | { state: 'asking' }
  | (PageStatus & { tabId: number })
  /** No content script answered: no portal here, but the tab's tables may still be saved. */
  | { state: 'none'; tabId: number | null };

/** Asks the content script of the active tab what the page is; no answer means no portal. */
async function askActiveTab(): Promise<PageState> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return { state: 'none', tabId: null };
  try {
    const status = (await browser.tabs.sendMessage(tab.id, { type: 'page/status' })) as
      PageStatus | undefined;
    return status ? { ...status, tabId: tab.id } : { state: 'none', tabId: tab.id };
  } catch {
    return { state: 'none', tabId: tab.id };
  }
}

function portalHosts(): string[] {
  return [
    ...new Set(
      scrapers.flatMap((scraper) =>
        scraper.matches.map((pattern) => `${scraper.label} — ${pattern.split('/')[2] ?? pattern}`),
      ),
    ),
  ];
}

/** "Cette page contient 10 remboursements et 1 document.", in the interface's language. */
export function describeContents(contents: NonNullable<PageStatus['contents']>, locale = uiLocale()): string {
  if (contents.status === 'broken') return t('popupPageBroken');
  if (contents.status === 'failed') return t('popupPageFailed');
  const plural = new Intl.PluralRules(locale);
  const parts = RECORD_KINDS.flatMap((kind) => {
    const count = contents.counts[kind] ?? 0;
    if (count === 0) return [];
    const noun =
      plural.select(count) === 'one' ? kindLabel(kind).toLocaleLowerCase(locale) : kindsLabel(kind);
    return [`${count.toLocaleString(locale)} ${noun}`];
  });
  if (parts.length === 0) return t('popupPageHoldsNothing');
  return t('popupPageHolds', new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts));
}

/**
 * The toolbar popup: is this page supported, save it (or, on any other page, its tables), the last
 * saves, the way to the archive.
 */
export function Popup({ db }: { db: MesDonneesDb }) {
  const [page, setPage] = useState<PageState>({ state: 'asking' });
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<CaptureOutcome | null>(null);
  const captures = useLiveQuery(() => listCaptures(db, 3), [db]);

  useEffect(() => {
    void askActiveTab().then(setPage);
  }, []);

  const save = async () => {
    if (page.state !== 'ready' || saving) return;
    setSaving(true);
    setOutcome(null);
    try {
      const result = (await browser.tabs.sendMessage(page.tabId, { type: 'page/save' })) as
        CaptureOutcome | undefined;
      setOutcome(result ?? { status: 'error', capture: null, error: 'no-answer' });
    } catch {
      setOutcome({ status: 'error', capture: null, error: 'no-answer' });
    } finally {
      setSaving(false);
    }
  };

  // The preview opens in the page itself, where the tester can compare it with what they see.
  const report = async () => {
    if (page.state !== 'ready') return;
    await browser.tabs.sendMessage(page.tabId, { type: 'page/report' }).catch(() => undefined);
    window.close();
  };

  const openDashboard = async () => {
    await browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
    window.close();
  };

  return (
    <main class="popup">
      <h1>{t('extName')}</h1>
      <section aria-live="polite" data-testid="page-status" data-state={page.state}>
        {page.state === 'ready' && page.scraper && (
          <>
            <p>{t('popupSupported', page.scraper.label)}</p>
            {page.contents && (
              <p data-testid="page-contents" data-status={page.contents.status}>
                {describeContents(page.contents)}
              </p>
            )}
            <button type="button" class="primary" data-testid="popup-save" aria-busy={saving} onClick={save}>
              {saving ? t('saving') : t('saveButton')}
            </button>
            {outcome && (
              <CaptureResult
                outcome={outcome}
                portalName={outcome.capture ? portalLabel(outcome.capture.scraper.id) : undefined}
              />
            )}
            <button type="button" class="link" data-testid="popup-report" onClick={report}>
              {t('popupReport')}
            </button>
          </>
        )}
        {page.state === 'waiting' && <p>{t('popupWaiting')}</p>}
        {(page.state === 'none' || page.state === 'unsupported') && (
          <>
            <p>{t('popupUnsupported')}</p>
            {/* Only where no portal's content script runs: portal pages keep their own reader. */}
            {page.state === 'none' && page.tabId !== null && <TablesCapture tabId={page.tabId} />}
            <details>
              <summary>{t('popupSupportedPortals')}</summary>
              <ul>
                {portalHosts().map((label) => (
                  <li key={label}>{label}</li>
                ))}
              </ul>
            </details>
          </>
        )}
      </section>
      <section>
        <h2>{t('popupLastCaptures')}</h2>
        {captures.status === 'ready' && captures.value.length === 0 && <p>{t('popupNoCaptures')}</p>}
        {captures.status === 'ready' && captures.value.length > 0 && (
          <ul class="popup-saves">
            {captures.value.map((capture) => (
              <li key={capture.id} data-testid="capture-row">
                {t('popupSaveLine', [
                  portalLabel(capture.source),
                  formatInstant(capture.startedAt),
                  captureSummaryText(capture),
                ])}
              </li>
            ))}
          </ul>
        )}
      </section>
      <button type="button" class="primary" data-testid="open-dashboard" onClick={openDashboard}>
        {t('openDashboard')}
      </button>
      <p class="privacy">{t('privacyNote')}</p>
    </main>
  );
}
