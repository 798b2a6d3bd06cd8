import { useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { uiLocale } from '../../lib/i18n';
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

function eraseQuestion(contents: ArchiveContents): string {
  return t('eraseQuestion', [contents.records, contents.files, contents.captures]);
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
              {t('settingsArchiveHolds', [
                contents.value.records,
                contents.value.files,
                contents.value.captures,
              ])}
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
