import { formatClinicalDate } from '../lib/format';
import { t } from '../lib/i18n';
import { kindLabel } from '../lib/record-summary';
import { routeHref } from '../lib/route';
import type { RecordRow } from '../storage/db';

/** The link to a record's own page (all its fields, where it came from, delete). */
export function DetailsLink({ record }: { record: RecordRow }) {
  return (
    <a
      href={routeHref('fiche', { id: record.id })}
      aria-label={t('recordDetailsOf', [kindLabel(record.kind), formatClinicalDate(record.date)])}
    >
      {t('recordDetails')}
    </a>
  );
}
