import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';
import { openStoredFile } from '../lib/open-file';
import type { MesDonneesDb } from '../storage/db';
import type { HealthDocument } from '../storage/schemas';

/** Opens a document's stored file; says so when the file is no longer in the archive. */
export function OpenFileButton({ db, document }: { db: MesDonneesDb; document: HealthDocument }) {
  const [missing, setMissing] = useState(false);
  if (!document.fileId) return null;
  const fileId = document.fileId;
  return (
    <>
      <button
        type="button"
        class="link"
        data-testid="open-file"
        aria-label={`${t('openFile')} : ${document.title}`}
        onClick={() => void openStoredFile(db, fileId, document.title).then((found) => setMissing(!found))}
      >
        {t('openFile')}
      </button>
      {missing && <span role="alert"> {t('fileMissing')}</span>}
    </>
  );
}
