import { runDocumentFixtures } from '../document-fixtures';

runDocumentFixtures(import.meta.url);
