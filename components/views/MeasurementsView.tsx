import { useMemo } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { useArchiveQuery } from '../hooks/use-archive-query';
import {
  bloodPressurePairs,
  measureType,
  measurementSeries,
  type MeasurementSeries,
} from '../../storage/views/measurements';
import { LoadState } from '../LoadState';
import { MeasureChart } from '../measurements/MeasureChart';
import { usePersonLabel } from '../PersonName';
import { personKey } from '../../storage/views/persons';
import type { ViewProps } from './view-props';

function seriesLabel(series: MeasurementSeries): string {
  return `${series.name}${series.unit ? ` (${series.unit})` : ''}`;
}

function forWhom(label: string, patient: string | null, several: boolean): string {
  return several && patient ? ` — ${label}` : '';
}

/** Measurements: weight and blood pressure charted, every other measure charted on its own. */
export function MeasurementsView({ db, scope }: ViewProps) {
  const series = useArchiveQuery(db, () => measurementSeries(db, scope), [db, scope]);
  const nameOf = usePersonLabel();
  const groups = useMemo(() => {
    const all = series.status === 'ready' ? series.value : [];
    const several = new Set(all.map((s) => (s.patient === null ? null : personKey(s.patient)))).size > 1;
    const pressures = bloodPressurePairs(all);
    const paired = new Set(pressures.flatMap((pair) => [pair.systolic, pair.diastolic]));
    return {
      several,
      weights: all.filter((s) => measureType(s.name) === 'weight'),
      pressures,
      // A diastolic reading without its systolic one is still charted, on its own.
      others: all.filter((s) => measureType(s.name) !== 'weight' && !paired.has(s)),
    };
  }, [series]);

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navMeasurements')}
      </h2>
      <LoadState state={series} />
      {series.status === 'ready' && series.value.length === 0 && <p>{t('measurementsEmpty')}</p>}
      {groups.weights.map((s) => (
        <MeasureChart
          key={s.key}
          testId="weight-chart"
          title={`${t('measureWeight')}${forWhom(nameOf(s.patient), s.patient, groups.several)}`}
          series={[{ label: seriesLabel(s), points: s.points }]}
        />
      ))}
      {groups.pressures.map((pair) => (
        <MeasureChart
          key={pair.systolic.key}
          testId="pressure-chart"
          title={`${t('measureBloodPressure')}${forWhom(nameOf(pair.patient), pair.patient, groups.several)}`}
          series={[pair.systolic, ...(pair.diastolic ? [pair.diastolic] : [])].map((s) => ({
            label: seriesLabel(s),
            points: s.points,
          }))}
        />
      ))}
      {groups.others.map((s) => (
        <MeasureChart
          key={s.key}
          testId="other-measure"
          title={`${s.name}${forWhom(nameOf(s.patient), s.patient, groups.several)}`}
          series={[{ label: seriesLabel(s), points: s.points }]}
        />
      ))}
    </section>
  );
}
