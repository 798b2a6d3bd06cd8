import { formatAmount, formatClinicalDate, formatInstant } from '../../lib/format';
import { t, tCount } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { saveNudge } from '../../lib/retention';
import { PERSON_PARAM, viewHref, type Route } from '../../lib/route';
import type { Appointment } from '../../storage/schemas';
import type { PortalSummary } from '../../storage/views/overview';
import {
  RECENT_LAB_YEARS,
  type OutOfRange,
  type PersonHighlights,
  type SavedSince,
} from '../../storage/views/highlights';
import type { Person } from '../../storage/views/persons';
import { FlagBadge } from '../FlagBadge';
import { rangeText } from '../labs/lab-text';
import { resultText } from '../timeline/RecordEssentials';
import { nudgeText } from './PortalCard';

/** The most recent results out of range shown per person; Analyses has them all. */
const OUT_OF_RANGE_SHOWN = 5;

function OutOfRangeItem({ item, route, person }: { item: OutOfRange; route: Route; person: string }) {
  const { latest } = item;
  const params = { analyse: item.key, ...(person ? { [PERSON_PARAM]: person } : {}) };
  return (
    <li data-testid="out-of-range" data-key={item.key} data-since={item.since} data-flag={item.flag}>
      <a href={viewHref(route, 'analyses', params)}>{latest.analyte}</a> : {resultText(latest)}{' '}
      <FlagBadge flag={item.flag} /> {t('highlightsOn', formatClinicalDate(latest.date.slice(0, 10)))}
      <span class="details">
        {t('highlightsRange', rangeText(latest))}
        {item.results > 1 && <> · {t('highlightsOutSince', formatClinicalDate(item.since))}</>}
      </span>
    </li>
  );
}

/** An appointment in a few words: its service, practitioner and place. */
function appointmentWhat(appointment: Appointment): string {
  return (
    [appointment.service, appointment.practitioner, appointment.location].filter(Boolean).join(' · ') ||
    t('highlightsAppointment')
  );
}

/** One person's essentials: what is out of range, what comes next, what was left to pay. */
function PersonCard({
  label,
  highlights,
  route,
}: {
  label: string;
  highlights: PersonHighlights;
  route: Route;
}) {
  const { person, outOfRange, upcoming, previous, spending } = highlights;
  const titleId = `highlights-${person.replace(/\W+/g, '-') || 'sans-nom'}`;
  const scoped = (view: string, params: Record<string, string> = {}) =>
    viewHref(route, view, { ...params, ...(person ? { [PERSON_PARAM]: person } : {}) });
  const lastYear = spending ? String(Number(spending.year) - 1) : '';
  return (
    <article
      class="card highlights"
      data-testid="person-highlights"
      data-person={person}
      aria-labelledby={titleId}
    >
      <h4 id={titleId}>{label}</h4>
      {person && (
        <p class="no-print">
          <a href={scoped('resume')} data-testid="summary-link">
            {t('highlightsSummaryLink')}
          </a>
        </p>
      )}
      <h5>{t('highlightsOutOfRange')}</h5>
      {outOfRange.length === 0 ? (
        <p data-testid="out-of-range-none">{tCount('highlightsOutOfRangeNone', RECENT_LAB_YEARS)}</p>
      ) : (
        <ul class="highlight-list">
          {outOfRange.slice(0, OUT_OF_RANGE_SHOWN).map((item) => (
            <OutOfRangeItem key={item.key} item={item} route={route} person={person} />
          ))}
          {outOfRange.length > OUT_OF_RANGE_SHOWN && (
            <li data-testid="out-of-range-more" data-count={outOfRange.length - OUT_OF_RANGE_SHOWN}>
              <a href={scoped('analyses')}>
                {tCount('highlightsMore', outOfRange.length - OUT_OF_RANGE_SHOWN)}
              </a>
            </li>
          )}
        </ul>
      )}
      <h5>{t('highlightsUpcoming')}</h5>
      {upcoming.length === 0 ? (
        <p data-testid="upcoming-none" data-previous={previous?.date}>
          {previous ? (
            <a href={scoped('rendez-vous')}>
              {t('highlightsUpcomingPrevious', [
                formatClinicalDate(previous.date),
                appointmentWhat(previous),
              ])}
            </a>
          ) : (
            t('highlightsUpcomingNone')
          )}
        </p>
      ) : (
        <ul class="highlight-list">
          {upcoming.map((appointment) => (
            <li key={appointment.id} data-testid="upcoming" data-date={appointment.date}>
              <a href={scoped('rendez-vous')}>{formatClinicalDate(appointment.date)}</a>
              {' — '}
              {appointmentWhat(appointment)}
            </li>
          ))}
        </ul>
      )}
      <h5>{t('highlightsSpendingTitle')}</h5>
      {spending ? (
        <p
          data-testid="year-to-date"
          data-left-to-pay={spending.leftToPay}
          data-last-year-to-date={spending.lastYearToDate ?? undefined}
          data-year={spending.year}
        >
          <a href={scoped('depenses', { annee: spending.year })}>
            {t(spending.lastYearToDate === null ? 'highlightsSpendingLatest' : 'highlightsSpending', [
              spending.year,
              formatAmount(spending.leftToPay),
            ])}
          </a>{' '}
          <span class="details">
            {spending.lastYearToDate === null
              ? t('highlightsSpendingCompareWhole', [lastYear, formatAmount(spending.lastYear)])
              : t('highlightsSpendingCompare', [
                  lastYear,
                  formatAmount(spending.lastYearToDate),
                  formatAmount(spending.lastYear),
                ])}
          </span>
        </p>
      ) : (
        <p data-testid="year-to-date-none">{t('highlightsSpendingNone')}</p>
      )}
    </article>
  );
}

/** What was saved since the dashboard was last opened. */
function SinceLastVisit({ since, saved, route }: { since: string; saved: SavedSince; route: Route }) {
  return (
    <p data-testid="since-last-visit" data-added={saved.added}>
      {saved.added === 0
        ? t('highlightsNothingNew', formatInstant(since))
        : tCount('highlightsNew', saved.added, [
            formatInstant(since),
            saved.sources.map((source) => portalLabel(source)).join(', '),
          ])}{' '}
      {saved.added > 0 && <a href={viewHref(route, 'chronologie')}>{t('highlightsSeeTimeline')}</a>}
    </p>
  );
}

/**
 * The top of the Aperçu: per person, what is out of range, the next appointments and this year's
 * reste à charge; what is new since the last visit; the portals to save again before their
 * history runs out. Every item links to its view.
 */
export function Highlights({
  highlights,
  persons,
  summaries,
  since,
  route,
  now,
}: {
  highlights: readonly PersonHighlights[];
  persons: readonly Person[];
  summaries: readonly PortalSummary[];
  since: { at: string; saved: SavedSince } | null;
  route: Route;
  now: Date;
}) {
  const label = (key: string) =>
    persons.find((person) => person.key === key)?.label ?? t('highlightsUnnamed');
  const nudges = summaries.flatMap((summary) => {
    if (!summary.lastCapture) return [];
    const nudge = saveNudge(summary.source, summary.lastGoodCapture?.startedAt ?? null, now);
    return nudge ? [{ source: summary.source, nudge }] : [];
  });
  return (
    <section aria-labelledby="highlights-title" class="highlights-section" data-testid="highlights">
      <h3 id="highlights-title">{t('highlightsTitle')}</h3>
      {since && <SinceLastVisit since={since.at} saved={since.saved} route={route} />}
      {nudges.length > 0 && (
        <div data-testid="save-again">
          <h4>{t('highlightsSaveAgain')}</h4>
          <ul class="highlight-list">
            {nudges.map(({ source, nudge }) => (
              <li key={source} data-source={source}>
                <a href={viewHref(route, 'sources')}>{portalLabel(source)}</a> : {nudgeText(nudge)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="cards">
        {highlights.map((item) => (
          <PersonCard key={item.person} label={label(item.person)} highlights={item} route={route} />
        ))}
      </div>
    </section>
  );
}
