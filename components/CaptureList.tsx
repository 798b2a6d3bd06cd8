import { formatInstant } from '../lib/format';
import { t } from '../lib/i18n';
import type { Capture } from '../storage/schemas';

export function captureOutcomeText(capture: Capture): string {
  if (capture.problems.some((p) => p.level === 'error') && capture.counts.found === 0) {
    return `${t('captureBroken')} : ${capture.problems[0]?.message ?? ''}`;
  }
  const { added, updated, unchanged, invalid } = capture.counts;
  return t('captureOutcome', [added, updated, unchanged, invalid]);
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
