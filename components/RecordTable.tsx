import { formatClinicalDate } from '../lib/format';
import { t } from '../lib/i18n';
import { kindLabel, recordAmounts, recordWhat } from '../lib/record-summary';
import type { HealthDocument, StoredRecord } from '../storage/schemas';

interface Props {
  records: StoredRecord[];
  /** Opens the stored file of a document record. */
  onOpenFile?: (record: HealthDocument) => void;
}

/** Records newest first, one row each, with the essentials of each kind. */
export function RecordTable({ records, onOpenFile }: Props) {
  return (
    <table class="records">
      <thead>
        <tr>
          <th scope="col">{t('colDate')}</th>
          <th scope="col">{t('colKind')}</th>
          <th scope="col">{t('colPatient')}</th>
          <th scope="col">{t('colWhat')}</th>
          <th scope="col" class="num">
            {t('colAmount')}
          </th>
          <th scope="col" class="num">
            {t('colReimbursed')}
          </th>
          <th scope="col">{t('colSource')}</th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => {
          const amounts = recordAmounts(record);
          return (
            <tr key={record.id} data-testid="record-row" data-kind={record.kind} data-id={record.id}>
              <td class="date">{formatClinicalDate(record.date)}</td>
              <td>{kindLabel(record.kind)}</td>
              <td data-field="patient">{record.patient ?? '—'}</td>
              <td data-field="what">
                {recordWhat(record)}
                {record.kind === 'document' && record.fileId && onOpenFile && (
                  <>
                    {' '}
                    <button
                      type="button"
                      class="link"
                      data-testid="open-file"
                      onClick={() => onOpenFile(record)}
                    >
                      {t('openFile')}
                    </button>
                  </>
                )}
              </td>
              <td class="num">{amounts?.spent ?? ''}</td>
              <td class="num">{amounts?.reimbursed ?? ''}</td>
              <td>{record.source}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
