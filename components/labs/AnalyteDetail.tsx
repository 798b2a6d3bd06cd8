import { useMemo } from 'preact/hooks';
import { formatClinicalDate } from '../../lib/format';
import { t } from '../../lib/i18n';
import { routeHref, withParams, type Route } from '../../lib/route';
import type { LabResult } from '../../storage/schemas';
import { ChartCanvas } from '../charts/ChartCanvas';
import { isOutOfRange, labChartConfig } from '../charts/lab-chart';
import { FlagBadge } from '../FlagBadge';
import { resultText } from '../timeline/RecordEssentials';
import { Explanation } from './Explanation';
import { rangeText, trendLabel } from './lab-text';

/**
 * One analyte over time: the chart (values over the reference band, results outside it marked)
 * and, beside it, the same results as a table — the table is the accessible form of the chart.
 */
export function AnalyteDetail({ results, route }: { results: readonly LabResult[]; route: Route }) {
  const latest = results[results.length - 1];
  const config = useMemo(
    () =>
      labChartConfig(results, {
        values: latest ? `${latest.analyte}${latest.unit ? ` (${latest.unit})` : ''}` : '',
        band: t('chartRefBand'),
        outOfRange: t('outOfRange'),
      }),
    [results],
  );
  if (!latest) return <p>{t('labsUnknownAnalyte')}</p>;
  const numeric = results.flatMap((r) => (r.value === null ? [] : [{ value: r.value }]));
  const labs = [...new Set(results.flatMap((r) => (r.lab ? [r.lab] : [])))];

  return (
    <article aria-labelledby="analyte-title" data-testid="analyte-detail" data-count={results.length}>
      <p>
        <a href={withParams(route, { analyse: null })}>← {t('labsBack')}</a>
      </p>
      <h3 id="analyte-title">
        {latest.analyte}
        {latest.unit ? ` (${latest.unit})` : ''}
        {latest.patient ? ` — ${latest.patient}` : ''}
      </h3>
      {labs.length > 0 && <p class="muted">{t('labsFrom', labs.join(', '))}</p>}
      <Explanation loinc={latest.loinc} open />
      <div class="chart-and-table">
        {numeric.length > 0 ? (
          <ChartCanvas kind="lab" config={config} label={`${latest.analyte} : ${trendLabel(numeric)}`} />
        ) : (
          <p>{t('labsNotNumeric')}</p>
        )}
        <table data-testid="analyte-results">
          <caption class="visually-hidden">{t('labsTableCaption', latest.analyte)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colDate')}</th>
              <th scope="col">{t('colValue')}</th>
              <th scope="col">{t('colRange')}</th>
              <th scope="col">{t('colLab')}</th>
            </tr>
          </thead>
          <tbody>
            {[...results].reverse().map((result) => (
              <tr key={result.id} data-testid="analyte-result" data-out={String(isOutOfRange(result))}>
                <td class="date">
                  <a href={routeHref('fiche', { id: result.id })}>{formatClinicalDate(result.date)}</a>
                </td>
                <td class="value">
                  {resultText(result)} <FlagBadge flag={result.flag} />
                  {result.flag === null && isOutOfRange(result) && (
                    <span class="flag"> {t('outOfRange')}</span>
                  )}
                </td>
                <td>{rangeText(result)}</td>
                <td>{result.lab ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
