import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { readPageTables } from '../content/table-reader';

/**
 * Injected by the popup (scripting.executeScript, under the activeTab grant) into a page no
 * scraper knows. Its value is the script's result: the page's tables as plain strings, which
 * the popup validates before showing them.
 */
export default defineUnlistedScript(() => readPageTables(document));
