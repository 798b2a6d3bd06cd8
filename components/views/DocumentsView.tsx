import { formatClinicalDate } from '../../lib/format';
import { t } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { goTo, withParams } from '../../lib/route';
import { usePagedRecords } from '../hooks/use-paged';
import { DOC_TYPES, type HealthDocument } from '../../storage/schemas';
import { DetailsLink } from '../DetailsLink';
import { ImportDocuments } from '../documents/ImportDocuments';
import { LoadState } from '../LoadState';
import { MoreButton } from '../MoreButton';
import { OpenFileButton } from '../OpenFileButton';
import { docTypeLabel } from '../timeline/RecordEssentials';
import type { ViewProps } from './view-props';
import { PersonName } from '../PersonName';

/** Documents, newest first: type, title, author, date, and the stored file when there is one. */
export function DocumentsView({ db, route, scope }: ViewProps) {
  const asked = route.params.get('type');
  const docType = (DOC_TYPES as readonly string[]).includes(asked ?? '') ? asked : null;
  const paged = usePagedRecords(
    db,
    {
      kinds: ['document'],
      persons: scope,
      where: docType ? (r) => r.kind === 'document' && r.docType === docType : undefined,
    },
    [scope, docType],
    50,
  );
  const documents = paged.items as HealthDocument[];

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navDocuments')}
      </h2>
      <p>
        <label for="doc-type">{t('colDocType')}</label>{' '}
        <select
          id="doc-type"
          data-testid="doc-type"
          value={docType ?? ''}
          onChange={(e) => goTo(withParams(route, { type: e.currentTarget.value }), { replace: true })}
        >
          <option value="">{t('filterAllDocTypes')}</option>
          {DOC_TYPES.map((type) => (
            <option key={type} value={type}>
              {docTypeLabel(type)}
            </option>
          ))}
        </select>
      </p>
      <ImportDocuments db={db} />
      <LoadState state={paged} />
      {paged.status === 'ready' && documents.length === 0 && <p>{t('documentsEmpty')}</p>}
      {documents.length > 0 && (
        <table data-testid="documents" data-count={documents.length}>
          <thead>
            <tr>
              <th scope="col">{t('colDate')}</th>
              <th scope="col">{t('colTitle')}</th>
              <th scope="col">{t('colDocType')}</th>
              <th scope="col">{t('colAuthor')}</th>
              <th scope="col">{t('colPatient')}</th>
              <th scope="col">{t('colSource')}</th>
              <th scope="col">{t('colFile')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('colRecordLink')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {documents.map((doc) => (
              <tr
                key={doc.id}
                data-testid="record-row"
                data-kind="document"
                data-id={doc.id}
                data-doc-type={doc.docType}
              >
                <td class="date">{formatClinicalDate(doc.date)}</td>
                <td>{doc.title}</td>
                <td>{docTypeLabel(doc.docType)}</td>
                <td>{doc.author ?? '—'}</td>
                <td>
                  <PersonName name={doc.patient} />
                </td>
                <td>{portalLabel(doc.source)}</td>
                <td>
                  {doc.fileId ? (
                    <OpenFileButton db={db} document={doc} />
                  ) : (
                    <span class="muted">{t('fileNotSaved')}</span>
                  )}
                </td>
                <td>
                  <DetailsLink record={doc} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <MoreButton paged={paged} />
    </section>
  );
}
