import { useMemo } from 'preact/hooks';
import { formatClinicalDate, formatNumber } from '../../lib/format';
import { t, tCount } from '../../lib/i18n';
import { ChartCanvas } from '../charts/ChartCanvas';
import { measurementChartConfig, type ChartSeries } from '../charts/measurement-chart';

/** The series' values by date, one column per series: the chart's table form. */
function SeriesTable({ series, caption }: { series: readonly ChartSeries[]; caption: string }) {
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.date)))].sort().reverse();
  return (
    <table data-testid="measure-table">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('colDate')}</th>
          {series.map((s) => (
            <th key={s.label} scope="col" class="num">
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {dates.map((date) => (
          <tr key={date}>
            <th scope="row" class="date">
              {formatClinicalDate(date)}
            </th>
            {series.map((s) => {
              const point = s.points.find((p) => p.date === date);
              return (
                <td key={s.label} class="num">
                  {point ? formatNumber(point.value) : '—'}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One chart of measurements (with its table beside it), e.g. weight, or both blood pressures. */
export function MeasureChart({
  title,
  series,
  testId,
}: {
  title: string;
  series: readonly ChartSeries[];
  testId: string;
}) {
  const config = useMemo(() => measurementChartConfig(series), [series]);
  const count = series.reduce((sum, s) => sum + s.points.length, 0);
  return (
    <article class="measure" data-testid={testId} data-count={count}>
      <h3>{title}</h3>
      <div class="chart-and-table">
        <ChartCanvas kind="measurement" config={config} label={tCount('measureChartLabel', count, [title])} />
        <SeriesTable series={series} caption={title} />
      </div>
    </article>
  );
}
