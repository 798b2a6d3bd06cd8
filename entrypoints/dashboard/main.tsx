import { render } from 'preact';
import { Dashboard } from '../../components/Dashboard';
import { t, uiLocale } from '../../lib/i18n';
import { getDb } from '../../storage/db';

document.documentElement.lang = uiLocale();
document.title = t('dashTitle');
render(<Dashboard db={getDb()} />, document.getElementById('app')!);
