import { t } from '../lib/i18n';
import type { LiveState } from './hooks/use-live-query';

/** "Loading…" or the error of a query; nothing once it is ready. */
export function LoadState({
  state,
}: {
  state: LiveState<unknown> | { status: string; error?: string | null };
}) {
  if (state.status === 'loading') return <p aria-busy="true">{t('dashLoading')}</p>;
  if (state.status === 'error') {
    return <p role="alert">{t('dashLoadError', 'error' in state ? (state.error ?? '') : '')}</p>;
  }
  return null;
}
