import { formatClinicalDate, formatInstant } from '../../lib/format';
import { t, tCount } from '../../lib/i18n';
import { kindLabel } from '../../lib/record-summary';
import { routeHref, viewHref, type Route } from '../../lib/route';
import {
  errorMessages,
  type BrokenPage,
  type MissingFile,
  type SourceHealth,
} from '../../storage/views/sources';

/** Enough documents to recognise them; the rest are one link away. */
const SHOWN_FILES = 5;

function NeverSaved({ home }: { home: string | null }) {
  return (
    <li data-testid="gap-never-saved">
      <strong>{t('gapNeverSaved')}</strong> {t('gapNeverSavedHint')}{' '}
      {home ? (
        <a href={home} target="_blank" rel="noreferrer" class="url">
          {home}
        </a>
      ) : null}
    </li>
  );
}

function BrokenPageItem({ broken }: { broken: BrokenPage }) {
  const { lastFailure, brokenSince, lastSuccessAt } = broken;
  return (
    <li data-testid="gap-broken-page" data-page={broken.page}>
      <span class="url">{lastFailure.url}</span>
      <br />
      {t('gapBrokenSince', formatInstant(brokenSince))} —{' '}
      {lastSuccessAt ? t('gapBrokenLastRead', formatInstant(lastSuccessAt)) : t('gapBrokenNeverRead')}
      <ul>
        {errorMessages(lastFailure).map((message, i) => (
          <li key={i} data-testid="gap-broken-message">
            {message}
          </li>
        ))}
      </ul>
    </li>
  );
}

function MissingFileItem({ file }: { file: MissingFile }) {
  return (
    <li data-testid="gap-missing-file" data-reason={file.reason}>
      <a href={routeHref('fiche', { id: file.id })}>{file.title}</a> ({formatClinicalDate(file.date)}) —{' '}
      {file.reason === 'file-gone' ? t('gapFileGone') : t('gapFileNotDownloaded')}
    </li>
  );
}

function MissingFiles({ files, source, route }: { files: MissingFile[]; source: string; route: Route }) {
  const hidden = files.length - SHOWN_FILES;
  const documents = viewHref(route, 'chronologie', { portail: source, type: 'document' });
  return (
    <li data-testid="gap-missing-files" data-count={files.length}>
      {t('gapMissingFiles', files.length)}
      <ul>
        {files.slice(0, SHOWN_FILES).map((file) => (
          <MissingFileItem key={file.id} file={file} />
        ))}
      </ul>
      {hidden > 0 && `${tCount('gapMissingFilesMore', hidden)} `}
      <a href={documents}>{t('gapDocumentsLink')}</a>
    </li>
  );
}

function Refused({ refused }: { refused: SourceHealth['gaps']['refused'] }) {
  return (
    <li data-testid="gap-refused" data-rows={refused.rows}>
      {t('gapRefused', [tCount('countRowsRefused', refused.rows), tCount('countSaves', refused.saves)])}
      {refused.latest && refused.reasons.length > 0 && (
        <>
          {' '}
          {t('gapRefusedReasons', formatInstant(refused.latest.startedAt))}
          <ul>
            {refused.reasons.map((reason, i) => (
              <li key={i}>{reason}</li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

/** One portal's health, the dashboard's route, and where a person starts on the portal. */
export interface SourceProps {
  health: SourceHealth;
  route: Route;
  home: string | null;
}

/**
 * What the archive does not hold from the portal, and why, in plain words. Everything shown from
 * a save (addresses, messages, titles) is the page's text: it is rendered as text, never as HTML.
 */
export function SourceGaps({ health, route, home }: SourceProps) {
  const { neverSaved, missingKinds, brokenPages, missingFiles, refused } = health.gaps;
  // A portal never saved lacks every kind: saying so again would only repeat it.
  const kinds = neverSaved ? [] : missingKinds;
  const none =
    !neverSaved &&
    kinds.length === 0 &&
    brokenPages.length === 0 &&
    missingFiles.length === 0 &&
    refused.rows === 0;
  const headingId = `gaps-${health.source}`;
  return (
    // Named with its portal's title too: one « Ce qui manque » per portal, each its own landmark.
    <section data-testid="source-gaps" aria-labelledby={`source-${health.source} ${headingId}`}>
      <h4 id={headingId}>{t('sourcesGaps')}</h4>
      {none ? (
        <p data-testid="gap-none">{t('gapNone')}</p>
      ) : (
        <ul class="gaps">
          {neverSaved && <NeverSaved home={home} />}
          {kinds.length > 0 && (
            <li data-testid="gap-missing-kinds" data-kinds={kinds.join(' ')}>
              {t('gapMissingKinds', kinds.map((kind) => kindLabel(kind)).join(', '))}
            </li>
          )}
          {brokenPages.length > 0 && (
            <li data-testid="gap-broken-pages" data-count={brokenPages.length}>
              {t('gapBrokenPages', brokenPages.length)}
              <ul>
                {brokenPages.map((broken) => (
                  <BrokenPageItem key={broken.page} broken={broken} />
                ))}
              </ul>
            </li>
          )}
          {missingFiles.length > 0 && (
            <MissingFiles files={missingFiles} source={health.source} route={route} />
          )}
          {refused.rows > 0 && <Refused refused={refused} />}
        </ul>
      )}
    </section>
  );
}
