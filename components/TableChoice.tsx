import { t, uiLocale } from '../lib/i18n';
import type { PageTable } from '../lib/messages';

/** Rows shown in a table's preview: enough to recognise it, small enough for the popup. */
export const PREVIEW_ROWS = 3;

/** "1 ligne", "12 lignes", in the interface's language. */
export function rowCountText(count: number, locale = uiLocale()): string {
  const key = new Intl.PluralRules(locale).select(count) === 'one' ? 'tableRowsOne' : 'tableRowsOther';
  return t(key, count.toLocaleString(locale));
}

interface Props {
  table: PageTable;
  index: number;
  chosen: boolean;
  onToggle: (index: number) => void;
}

/**
 * One table of the page, to tick or not: its name, its size, and a preview of its first rows.
 * Everything comes from an untrusted page and is rendered as text (JSX escapes it), never as HTML.
 */
export function TableChoice({ table, index, chosen, onToggle }: Props) {
  const id = `table-choice-${index}`;
  return (
    <li class="table-choice" data-testid="table-choice" data-rows={table.rowCount}>
      <input id={id} type="checkbox" checked={chosen} onChange={() => onToggle(index)} />
      <label for={id}>
        <span class="table-name" data-testid="table-name">
          {table.name}
        </span>{' '}
        <span class="muted">({rowCountText(table.rowCount)})</span>
        {table.hidden && (
          <>
            {' '}
            <span class="muted" data-testid="table-hidden">
              {t('tableHidden')}
            </span>
          </>
        )}
      </label>
      {/* Focusable so that a keyboard can scroll a wide preview. */}
      <div class="table-preview" role="region" aria-label={t('tablePreview', table.name)} tabIndex={0}>
        <table>
          <thead>
            <tr>
              {table.headers.map((header) => (
                <th key={header} scope="col">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.slice(0, PREVIEW_ROWS).map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.truncated && <p class="muted">{t('tableTruncated', table.rows.length)}</p>}
    </li>
  );
}
