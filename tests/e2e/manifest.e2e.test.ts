/**
 * The built manifests (Chrome and Firefox) ask for no more than the documented permissions, and
 * expose nothing to web pages. A new permission must be justified in the README and added here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scrapers } from '../../scrapers/registry';

const OUTPUT = join(import.meta.dirname, '../../.output');
const BUILDS = ['chrome-mv3', 'firefox-mv2'];

/**
 * The README's "Permissions" table, and nothing else. `activeTab` and `scripting` read a page's
 * tables after the person's click on the toolbar button (generic capture), never a host of their own.
 */
const ALLOWED_PERMISSIONS = ['unlimitedStorage', 'activeTab', 'scripting'];
const FORBIDDEN = [
  '<all_urls>',
  'tabs',
  'webRequest',
  'webRequestBlocking',
  'cookies',
  'history',
  'downloads',
];

interface Manifest {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  content_scripts?: { matches: string[]; js?: string[] }[];
  content_security_policy?: string | { extension_pages?: string };
  externally_connectable?: unknown;
  web_accessible_resources?: unknown;
}

function manifest(build: string): Manifest {
  const path = join(OUTPUT, build, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run test:e2e\`, which builds both.`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

describe.each(BUILDS)('manifest of the %s build', (build) => {
  const m = manifest(build);
  const portalPatterns = scrapers.flatMap((scraper) => scraper.matches).sort();

  it('asks only for the documented permissions', () => {
    expect(m.permissions ?? []).toEqual(ALLOWED_PERMISSIONS);
    expect(m.optional_permissions ?? []).toEqual([]);
    for (const permission of [...(m.permissions ?? []), ...(m.host_permissions ?? [])]) {
      expect(FORBIDDEN).not.toContain(permission);
    }
  });

  it('runs only on the supported portals’ own hosts', () => {
    const hosts = [
      ...(m.host_permissions ?? []),
      ...(m.content_scripts ?? []).flatMap((c) => c.matches),
    ].sort();
    expect(hosts).toEqual(portalPatterns);
    for (const pattern of hosts) expect(pattern).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+\//);
  });

  it('gives each portal its own content script, on that portal’s hosts only', () => {
    const scripts = m.content_scripts ?? [];
    expect(scripts).toHaveLength(scrapers.length);
    for (const scraper of scrapers) {
      const own = scripts.filter((c) => c.matches.some((pattern) => scraper.matches.includes(pattern)));
      expect(own, scraper.id).toHaveLength(1);
      expect([...own[0]!.matches].sort(), scraper.id).toEqual([...scraper.matches].sort());
      expect(own[0]!.js, scraper.id).toEqual([`content-scripts/${scraper.id}.js`]);
    }
  });

  it('exposes nothing to web pages', () => {
    expect(m.externally_connectable).toBeUndefined();
    expect(m.web_accessible_resources).toBeUndefined();
  });

  it('gives its pages a strict content security policy', () => {
    const csp =
      typeof m.content_security_policy === 'string'
        ? m.content_security_policy
        : m.content_security_policy?.extension_pages;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:|\*/);
  });
});
