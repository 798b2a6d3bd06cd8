import { useState } from 'preact/hooks';
import { t, tCount, uiLocale } from '../../lib/i18n';
import { useArchiveQuery } from '../hooks/use-archive-query';
import { archiveContents, eraseArchive, type ArchiveContents } from '../../storage/views/records';
import { ConfirmAction } from '../ConfirmAction';
import { LoadState } from '../LoadState';
import type { ViewProps } from './view-props';

function languageName(locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/** « 196 enregistrements », « 30 fichiers de documents », « 15 enregistrements de pages ». */
function archiveWords(contents: ArchiveContents): string[] {
  return [
    tCount('countRecords', contents.records),
    tCount('countDocumentFiles', contents.files),
    tCount('countPageSaves', contents.captures),
  ];
}

function eraseQuestion(contents: ArchiveContents): string {
  return t('eraseQuestion', archiveWords(contents));
}

/** The interface language, what the archive holds, and erasing it all. */
export function SettingsView({ db }: ViewProps) {
  const contents = useArchiveQuery(db, () => archiveContents(db), [db]);
  const [erased, setErased] = useState(false);
  const locale = uiLocale();

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navSettings')}
      </h2>
      <section aria-labelledby="language-title">
        <h3 id="language-title">{t('settingsLanguage')}</h3>
        <p data-testid="ui-language" data-locale={locale}>
          {t('settingsLanguageIs', languageName(locale))}
        </p>
        <p class="muted">{t('settingsLanguageHow')}</p>
      </section>
      <section aria-labelledby="archive-title">
        <h3 id="archive-title">{t('settingsArchive')}</h3>
        <LoadState state={contents} />
        {contents.status === 'ready' && (
          <>
            <p
              data-testid="archive-contents"
              data-records={contents.value.records}
              data-files={contents.value.files}
            >
              {t('settingsArchiveHolds', archiveWords(contents.value))}
            </p>
            {erased && (
              <p role="status" data-testid="erased">
                {t('eraseDone')}
              </p>
            )}
            {contents.value.records +
              contents.value.files +
              contents.value.captures +
              contents.value.snapshots >
              0 && (
              <ConfirmAction
                testId="erase-all"
                label={t('eraseAll')}
                question={eraseQuestion(contents.value)}
                confirmLabel={t('eraseAllYes')}
                onConfirm={async () => {
                  await eraseArchive(db);
                  setErased(true);
                }}
              />
            )}
          </>
        )}
      </section>
    </section>
  );
}
