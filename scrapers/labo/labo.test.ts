import { runFixtures } from '../fixtures';

runFixtures(import.meta.url);
