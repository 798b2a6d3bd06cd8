import { formatInstant } from '../../lib/format';
import { t } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { originOf } from '../../storage/safe-url';
import type { RecordWithProvenance } from '../../storage/views/records';
import { SafeLink } from '../SafeLink';

/** Where a record came from: portal, page, the save that wrote it and its reader, when. */
export function Provenance({ found }: { found: RecordWithProvenance }) {
  const { record, capture } = found;
  return (
    <section aria-labelledby="provenance-title" data-testid="provenance">
      <h3 id="provenance-title">{t('provenanceTitle')}</h3>
      <dl class="fields">
        <div>
          <dt>{t('colSource')}</dt>
          <dd data-field="source">{portalLabel(record.source)}</dd>
        </div>
        <div>
          <dt>{t('provenancePage')}</dt>
          <dd data-field="sourceUrl" class="url">
            <SafeLink href={record.sourceUrl} pageOrigin={originOf(record.sourceUrl)}>
              {record.sourceUrl}
            </SafeLink>
          </dd>
        </div>
        <div>
          <dt>{t('provenanceCapture')}</dt>
          <dd data-field="capture">
            {capture
              ? `${capture.title || capture.url} — ${formatInstant(capture.startedAt)}`
              : t('provenanceCaptureGone')}
          </dd>
        </div>
        <div>
          <dt>{t('provenanceScraper')}</dt>
          <dd data-field="scraper">{capture ? `${capture.scraper.id} ${capture.scraper.version}` : '—'}</dd>
        </div>
        <div>
          <dt>{t('field_capturedAt')}</dt>
          <dd data-field="capturedAt">{formatInstant(record.capturedAt)}</dd>
        </div>
        <div>
          <dt>{t('field_updatedAt')}</dt>
          <dd data-field="updatedAt">{formatInstant(record.updatedAt)}</dd>
        </div>
        <div>
          <dt>{t('field_id')}</dt>
          <dd data-field="id" class="url">
            {record.id}
          </dd>
        </div>
      </dl>
    </section>
  );
}
