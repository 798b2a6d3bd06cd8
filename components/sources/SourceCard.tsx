import { formatInstant } from '../../lib/format';
import { t, tCount } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { viewHref } from '../../lib/route';
import type { CaptureRow } from '../../storage/db';
import { compareVersions, errorMessages, type SourceHealth } from '../../storage/views/sources';
import { captureOutcomeText } from '../CaptureList';
import { SourceGaps, type SourceProps } from './SourceGaps';

/** One save: when, which page (its title and address, as text), and what came of it. */
function SaveFields({ capture, reasons }: { capture: CaptureRow; reasons: string[] | null }) {
  return (
    <dl class="fields">
      <div>
        <dt>{t('colDate')}</dt>
        <dd>{formatInstant(capture.startedAt)}</dd>
      </div>
      <div>
        <dt>{t('colCapturePage')}</dt>
        <dd>{capture.title || '—'}</dd>
      </div>
      <div>
        <dt>{t('sourcesAddress')}</dt>
        <dd class="url">{capture.url}</dd>
      </div>
      <div>
        <dt>{reasons ? t('sourcesReason') : t('colCaptureOutcome')}</dt>
        {reasons ? (
          <dd>
            <ul data-testid="failure-messages">
              {reasons.map((message, i) => (
                <li key={i}>{message}</li>
              ))}
            </ul>
          </dd>
        ) : (
          <dd>{captureOutcomeText(capture)}</dd>
        )}
      </div>
    </dl>
  );
}

/** The reader in use, and the saves an older one made (their records may predate its fixes). */
function ReaderVersion({ health }: { health: SourceHealth }) {
  const older = health.olderVersions.reduce((sum, { saves }) => sum + saves, 0);
  const outdated =
    health.lastSuccess && compareVersions(health.lastSuccess.scraper.version, health.version) < 0;
  return (
    <>
      <p data-testid="reader-version">{t('sourcesVersion', [health.source, health.version])}</p>
      {older > 0 && (
        <p class="muted" data-testid="older-versions" data-saves={older}>
          {tCount('sourcesOlderVersions', older, [
            health.olderVersions.map(({ version, saves }) => `${version} (${saves})`).join(', '),
          ])}{' '}
          {outdated && t('sourcesOutdatedSuccess')}
        </p>
      )}
    </>
  );
}

/** Everything about one portal: its reader, its last success and failure, and its gaps. */
export function SourceCard({ health, route, home }: SourceProps) {
  const titleId = `source-${health.source}`;
  return (
    <article class="card" data-testid="source-health" data-source={health.source} aria-labelledby={titleId}>
      <h3 id={titleId}>{portalLabel(health.source)}</h3>
      <ReaderVersion health={health} />
      {health.records > 0 && (
        <p>
          <a href={viewHref(route, 'chronologie', { portail: health.source })}>
            {tCount('sourcesRecordsLink', health.records)}
          </a>
        </p>
      )}
      {health.lastSuccess && (
        <section data-testid="last-success">
          <h4>{t('sourcesLastSuccess')}</h4>
          <SaveFields capture={health.lastSuccess} reasons={null} />
        </section>
      )}
      {health.lastFailure && (
        <section data-testid="last-failure">
          <h4>{t('sourcesLastFailure')}</h4>
          <SaveFields capture={health.lastFailure} reasons={errorMessages(health.lastFailure)} />
        </section>
      )}
      <SourceGaps health={health} route={route} home={home} />
    </article>
  );
}
