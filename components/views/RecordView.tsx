import { formatClinicalDate } from '../../lib/format';
import { t } from '../../lib/i18n';
import { kindLabel } from '../../lib/record-summary';
import { viewHref } from '../../lib/route';
import { useArchiveQuery } from '../hooks/use-archive-query';
import { deleteRecord, recordWithProvenance } from '../../storage/views/records';
import { ConfirmAction } from '../ConfirmAction';
import { LoadState } from '../LoadState';
import { OpenFileButton } from '../OpenFileButton';
import { fieldLabel, fieldValue, PROVENANCE_FIELDS } from '../record/field-value';
import { Provenance } from '../record/Provenance';
import type { ViewProps } from './view-props';

/** One record (`#/fiche?id=…`): every field, where it came from, and deleting it. */
export function RecordView({ db, route }: ViewProps) {
  const id = route.params.get('id') ?? '';
  const found = useArchiveQuery(db, () => recordWithProvenance(db, id), [db, id]);
  const record = found.status === 'ready' ? found.value?.record : undefined;

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {record ? `${kindLabel(record.kind)} — ${formatClinicalDate(record.date)}` : t('navRecord')}
      </h2>
      <p>
        <a href={viewHref(route, 'chronologie')}>← {t('backToTimeline')}</a>
      </p>
      <LoadState state={found} />
      {found.status === 'ready' && !found.value && (
        <p role="status" data-testid="record-gone">
          {t('recordGone')}
        </p>
      )}
      {found.status === 'ready' && found.value && record && (
        <article data-testid="record-detail" data-kind={record.kind} data-id={record.id}>
          <section aria-labelledby="fields-title">
            <h3 id="fields-title">{t('recordContent')}</h3>
            <dl class="fields">
              {Object.entries(record)
                .filter(([field]) => !PROVENANCE_FIELDS.has(field))
                .map(([field, value]) => (
                  <div key={field}>
                    <dt>{fieldLabel(field)}</dt>
                    <dd data-field={field}>{fieldValue(record, field, value)}</dd>
                  </div>
                ))}
            </dl>
            {record.kind === 'document' && record.fileId && <OpenFileButton db={db} document={record} />}
          </section>
          <Provenance found={found.value} />
          <section aria-labelledby="delete-title">
            <h3 id="delete-title">{t('recordDeleteTitle')}</h3>
            <ConfirmAction
              testId="delete-record"
              label={t('recordDelete')}
              question={t('recordDeleteQuestion')}
              confirmLabel={t('recordDeleteYes')}
              onConfirm={() => deleteRecord(db, record.id)}
            />
          </section>
        </article>
      )}
    </section>
  );
}
