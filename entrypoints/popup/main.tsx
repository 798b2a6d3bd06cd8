import { render } from 'preact';
import { Popup } from '../../components/Popup';
import { t, uiLocale } from '../../lib/i18n';
import { getDb } from '../../storage/db';

document.documentElement.lang = uiLocale();
document.title = t('extName');
render(<Popup db={getDb()} />, document.getElementById('app')!);
