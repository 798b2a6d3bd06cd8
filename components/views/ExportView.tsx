import { t } from '../../lib/i18n';
import { ExportPanel } from '../ExportPanel';
import { ImportPanel } from '../ImportPanel';
import type { ViewProps } from './view-props';

/** Exporting the archive to a file, and importing one. */
export function ExportView({ db }: ViewProps) {
  return (
    <section aria-labelledby="view-title" class="transfer">
      <h2 id="view-title" tabIndex={-1}>
        {t('transferTitle')}
      </h2>
      <ExportPanel db={db} />
      <ImportPanel db={db} />
    </section>
  );
}
