import { t } from '../../lib/i18n';
import { useArchiveQuery } from '../hooks/use-archive-query';
import { analyteResults, labSummaries } from '../../storage/views/labs';
import { AnalyteDetail } from '../labs/AnalyteDetail';
import { AnalyteTable } from '../labs/AnalyteTable';
import { LoadState } from '../LoadState';
import type { ViewProps } from './view-props';

/** Lab results: one row per analyte, and one analyte's chart and table (`?analyse=<key>`). */
export function LabsView({ db, route, scope, persons }: ViewProps) {
  const key = route.params.get('analyse');
  const analytes = useArchiveQuery(db, () => (key ? Promise.resolve([]) : labSummaries(db, scope)), [
    db,
    scope,
    key,
  ]);
  const results = useArchiveQuery(db, () => (key ? analyteResults(db, scope, key) : Promise.resolve([])), [
    db,
    scope,
    key,
  ]);

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navLabs')}
      </h2>
      {key ? (
        <>
          <LoadState state={results} />
          {results.status === 'ready' && <AnalyteDetail results={results.value} route={route} />}
        </>
      ) : (
        <>
          <LoadState state={analytes} />
          {analytes.status === 'ready' && analytes.value.length === 0 && <p>{t('labsEmpty')}</p>}
          {analytes.status === 'ready' && analytes.value.length > 0 && (
            <AnalyteTable
              analytes={analytes.value}
              route={route}
              showPerson={scope === null && persons.length > 1}
            />
          )}
        </>
      )}
    </section>
  );
}
