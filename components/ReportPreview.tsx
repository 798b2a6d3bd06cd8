import { t } from '../lib/i18n';

interface Props {
  /** The anonymised page, shown inert (sandboxed frame: no script, no form, no navigation). */
  html: string;
  onDownload: () => void;
  onClose: () => void;
}

/**
 * "Signaler cette page": the tester sees exactly what would leave their computer (the page with
 * every name, date, amount and identifier replaced) before choosing to download it.
 */
export function ReportPreview({ html, onDownload, onClose }: Props) {
  return (
    <section class="result report" data-testid="report-preview" aria-labelledby="mdms-report-title">
      <h2 id="mdms-report-title">{t('reportTitle')}</h2>
      <p>{t('reportExplain')}</p>
      <iframe
        class="report-frame"
        data-testid="report-frame"
        title={t('reportFrameTitle')}
        sandbox=""
        srcdoc={html}
      />
      <p class="source">{t('reportNext')}</p>
      <div class="actions">
        <button type="button" class="link" data-testid="report-download" onClick={onDownload}>
          {t('reportDownload')}
        </button>
        <button type="button" class="link" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </section>
  );
}
