import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDayHeading, timeOf } from '../../lib/dates';
import { formatClinicalDate } from '../../lib/format';
import { t } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { kindLabel } from '../../lib/record-summary';
import type { PagedState } from '../hooks/use-paged';
import { useVirtualizer } from '../hooks/use-virtualizer';
import type { MesDonneesDb, RecordRow } from '../../storage/db';
import { DetailsLink } from '../DetailsLink';
import { RecordEssentials } from './RecordEssentials';
import { timelineRows, type TimelineRow } from './timeline-rows';
import { PersonName } from '../PersonName';

const COLUMNS = 6;
/** Read the next page when the rows drawn come this close to the last row read. */
const READ_AHEAD = 30;

interface Props {
  db: MesDonneesDb;
  paged: PagedState<RecordRow> & { loadMore: () => void };
}

function RecordCells({ record, db }: { record: RecordRow; db: MesDonneesDb }) {
  return (
    <>
      <td class="time">
        <span class="visually-hidden">{formatClinicalDate(record.date.slice(0, 10))} </span>
        {timeOf(record.date) ?? ''}
      </td>
      <td>
        <span class={`kind kind-${record.kind}`}>{kindLabel(record.kind)}</span>
      </td>
      <td data-field="patient">
        <PersonName name={record.patient} />
      </td>
      <td data-field="what">
        <RecordEssentials record={record} db={db} />
      </td>
      <td>{portalLabel(record.source)}</td>
      <td>
        <DetailsLink record={record} />
      </td>
    </>
  );
}

/**
 * The timeline as one table, newest first, grouped by day. Virtualised: only the rows in view
 * (and a few around) are in the DOM; the padding rows above and below stand for the others, so
 * the scroll bar stays true. Reaching the end of what was read asks for the next page.
 */
export function TimelineTable({ db, paged }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const rows = useMemo(() => timelineRows(paged.items), [paged.items]);
  const [headHeight, setHeadHeight] = useState(0);
  useLayoutEffect(() => setHeadHeight(head.current?.offsetHeight ?? 0), []);

  const virtualizer = useVirtualizer<HTMLTableRowElement>({
    count: rows.length + (paged.done ? 0 : 1),
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.type === 'day' ? 40 : 64),
    getItemKey: (index) => rows[index]?.key ?? 'more',
    overscan: 8,
    scrollMargin: headHeight,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items[items.length - 1];
  useEffect(() => {
    if (lastShown && lastShown.index >= rows.length - READ_AHEAD) paged.loadMore();
  }, [lastShown?.index, rows.length, paged.done]);

  const top = items[0] ? items[0].start - headHeight : 0;
  const bottom = lastShown ? virtualizer.getTotalSize() - (lastShown.end - headHeight) : 0;
  const renderRow = (row: TimelineRow | undefined, index: number) => {
    const common = { key: row?.key ?? 'more', 'data-index': index, ref: virtualizer.measureElement };
    if (!row) {
      return (
        <tr {...common} data-testid="timeline-more">
          <td colSpan={COLUMNS} aria-busy="true">
            {t('dashLoading')}
          </td>
        </tr>
      );
    }
    if (row.type === 'day') {
      return (
        <tr {...common} class="day">
          <th colSpan={COLUMNS} scope="colgroup">
            {formatDayHeading(row.day)}
          </th>
        </tr>
      );
    }
    return (
      <tr {...common} data-testid="record-row" data-kind={row.record.kind} data-id={row.record.id}>
        <RecordCells record={row.record} db={db} />
      </tr>
    );
  };

  return (
    <div
      class="scroller"
      ref={scroller}
      tabIndex={0}
      role="region"
      aria-label={t('timelineListLabel')}
      data-testid="timeline-scroller"
      data-done={String(paged.done)}
    >
      <table class="timeline">
        <thead ref={head}>
          <tr>
            <th scope="col">{t('colTime')}</th>
            <th scope="col">{t('colKind')}</th>
            <th scope="col">{t('colPatient')}</th>
            <th scope="col">{t('colWhat')}</th>
            <th scope="col">{t('colSource')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('colRecordLink')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true" class="spacer" style={{ height: `${top}px` }}>
              <td colSpan={COLUMNS} />
            </tr>
          )}
          {items.map((item) => renderRow(rows[item.index], item.index))}
          {bottom > 0 && (
            <tr aria-hidden="true" class="spacer" style={{ height: `${bottom}px` }}>
              <td colSpan={COLUMNS} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
