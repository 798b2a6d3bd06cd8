import { render } from 'preact';
import { Popup } from '../../components/Popup';
import { uiLocale } from '../../lib/i18n';
import { getDb } from '../../storage/db';

document.documentElement.lang = uiLocale();
render(<Popup db={getDb()} />, document.getElementById('app')!);
