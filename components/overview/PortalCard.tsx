import { formatAgo } from '../../lib/dates';
import { formatInstant } from '../../lib/format';
import { t } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { kindLabel, kindsLabel } from '../../lib/record-summary';
import { saveNudge, type SaveNudge } from '../../lib/retention';
import { viewHref, type Route } from '../../lib/route';
import { RECORD_KINDS, type RecordKind } from '../../storage/schemas';
import type { PortalSummary } from '../../storage/views/overview';
import { captureSummaryText } from '../CaptureList';

/** "38 résultats d'analyse", "1 résultat d'analyse". */
export function kindCount(kind: RecordKind, count: number): string {
  const label = count === 1 ? kindLabel(kind).toLocaleLowerCase() : kindsLabel(kind);
  return `${count} ${label}`;
}

export function nudgeText(nudge: SaveNudge): string {
  if (nudge.days === null) return t('nudgeNeverSaved');
  const ago = formatAgo(nudge.days);
  return nudge.historyMonths === null
    ? t('nudgeStale', ago)
    : t('nudgeStaleKnown', [ago, nudge.historyMonths]);
}

/** One portal: what the archive holds from it, its last save, and a reminder when it is due. */
export function PortalCard({ summary, route, now }: { summary: PortalSummary; route: Route; now: Date }) {
  const { source, counts, total, lastCapture, lastGoodCapture } = summary;
  const nudge = lastCapture ? saveNudge(source, lastGoodCapture?.startedAt ?? null, now) : null;
  const titleId = `portal-${source}`;
  return (
    <article
      class="card"
      data-testid="portal-summary"
      data-source={source}
      data-total={total}
      aria-labelledby={titleId}
    >
      <h3 id={titleId}>{portalLabel(source)}</h3>
      {total === 0 ? (
        <p>{t('overviewNoRecords')}</p>
      ) : (
        <ul class="kind-counts">
          {RECORD_KINDS.filter((kind) => counts[kind]).map((kind) => (
            <li key={kind} data-testid="kind-count" data-kind={kind} data-count={counts[kind]}>
              <a href={viewHref(route, 'chronologie', { portail: source, type: kind })}>
                {kindCount(kind, counts[kind] ?? 0)}
              </a>
            </li>
          ))}
        </ul>
      )}
      <p class="muted" data-testid="last-capture">
        {lastCapture
          ? t('overviewLastCapture', [formatInstant(lastCapture.startedAt), captureSummaryText(lastCapture)])
          : t('overviewNeverCaptured')}
      </p>
      {nudge && (
        <p class="nudge" data-testid="save-nudge">
          {nudgeText(nudge)}
        </p>
      )}
    </article>
  );
}
