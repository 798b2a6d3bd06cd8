import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';
import { openStoredFile } from '../lib/open-file';
import { useLiveQuery } from '../lib/use-live-query';
import type { MesDonneesDb } from '../storage/db';
import { countRecords, listCaptures, listRecords } from '../storage/queries';
import { CaptureList } from './CaptureList';
import { RecordTable } from './RecordTable';

const PAGE = 100;

/**
 * The archive at a glance: every record, newest first, and the history of saves. Reads go
 * through the indexes page by page; nothing loads the whole archive.
 */
export function Dashboard({ db }: { db: MesDonneesDb }) {
  const [limit, setLimit] = useState(PAGE);
  const [notice, setNotice] = useState<string | null>(null);
  const count = useLiveQuery(() => countRecords(db), [db]);
  const records = useLiveQuery(() => listRecords(db, { limit }), [db, limit]);
  const captures = useLiveQuery(() => listCaptures(db, 20), [db]);
  const total = count.status === 'ready' ? count.value : null;

  return (
    <>
      <header class="top">
        <h1>{t('dashTitle')}</h1>
        <p class="privacy">{t('privacyNote')}</p>
        {total !== null && (
          <p data-testid="record-count" data-count={total}>
            {t('dashRecordCount', total)}
          </p>
        )}
      </header>
      <main>
        <section aria-labelledby="records-title">
          <h2 id="records-title">{t('dashRecords')}</h2>
          {notice && <p role="alert">{notice}</p>}
          {records.status === 'loading' && <p aria-busy="true">{t('dashLoading')}</p>}
          {records.status === 'error' && <p role="alert">{t('dashLoadError', records.error)}</p>}
          {records.status === 'ready' && records.value.length === 0 && <p>{t('dashEmpty')}</p>}
          {records.status === 'ready' && records.value.length > 0 && (
            <>
              <RecordTable
                records={records.value}
                onOpenFile={(record) =>
                  void openStoredFile(db, record.fileId!, record.title).then((found) =>
                    setNotice(found ? null : t('fileMissing')),
                  )
                }
              />
              {total !== null && total > records.value.length && (
                <button type="button" class="more" onClick={() => setLimit(limit + PAGE)}>
                  {t('dashLoadMore')}
                </button>
              )}
            </>
          )}
        </section>
        <section aria-labelledby="captures-title">
          <h2 id="captures-title">{t('dashCaptures')}</h2>
          {captures.status === 'ready' && <CaptureList captures={captures.value} />}
          {captures.status === 'error' && <p role="alert">{t('dashLoadError', captures.error)}</p>}
        </section>
      </main>
    </>
  );
}
