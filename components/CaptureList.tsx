import { formatInstant } from '../lib/format';
import { t, tCount } from '../lib/i18n';
import type { Capture } from '../storage/schemas';

export function captureOutcomeText(capture: Capture): string {
  if (capture.problems.some((p) => p.level === 'error') && capture.counts.found === 0) {
    return `${t('captureBroken')} : ${capture.problems[0]?.message ?? ''}`;
  }
  const { added, updated, unchanged, invalid } = capture.counts;
  return t('captureOutcome', [added, updated, unchanged, invalid]);
}

/**
 * What a save gave, in a few plain words for a patient (« 15 nouvelles données », « rien de
 * nouveau »); the four counters stay in the dashboard's history of saves.
 */
export function captureSummaryText(capture: Capture): string {
  if (capture.problems.some((p) => p.level === 'error') && capture.counts.found === 0) {
    return `${t('captureBroken')} : ${capture.problems[0]?.message ?? ''}`;
  }
  const { added, updated, invalid } = capture.counts;
  const what =
    added > 0
      ? tCount('captureNew', added)
      : updated > 0
        ? tCount('captureUpdatedOnly', updated)
        : t('captureNothingNew');
  return invalid > 0 ? `${what}, ${tCount('captureRefusedToo', invalid)}` : what;
}

/** The saves made, newest first: when, from which portal, and what came of each. */
export function CaptureList({ captures }: { captures: Capture[] }) {
  if (captures.length === 0) return <p>{t('dashNoCaptures')}</p>;
  return (
    <table class="captures">
      <thead>
        <tr>
          <th scope="col">{t('colCaptureDate')}</th>
          <th scope="col">{t('colSource')}</th>
          <th scope="col">{t('colCapturePage')}</th>
          <th scope="col">{t('colCaptureOutcome')}</th>
        </tr>
      </thead>
      <tbody>
        {captures.map((capture) => (
          <tr key={capture.id} data-testid="capture-row">
            <td>{formatInstant(capture.startedAt)}</td>
            <td>
              {capture.scraper.id} {capture.scraper.version}
            </td>
            <td class="page">{capture.title || capture.url}</td>
            <td>{captureOutcomeText(capture)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
