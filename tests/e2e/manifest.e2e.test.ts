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

  /** Manifest V2 lists host permissions among the others; V3 apart. */
  const isHost = (permission: string) => permission.includes('://');
  const hostPermissions = [...(m.host_permissions ?? []), ...(m.permissions ?? []).filter(isHost)];

  it('asks only for the documented permissions', () => {
    expect((m.permissions ?? []).filter((permission) => !isHost(permission))).toEqual(ALLOWED_PERMISSIONS);
    expect(m.optional_permissions ?? []).toEqual([]);
    for (const permission of [...(m.permissions ?? []), ...(m.host_permissions ?? [])]) {
      expect(FORBIDDEN).not.toContain(permission);
    }
  });

  it('reaches only the supported portals’ own hosts', () => {
    expect([...hostPermissions].sort()).toEqual(portalPatterns);
    for (const pattern of hostPermissions) expect(pattern).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+\//);
  });

  it('declares no content script: each portal’s own is injected after its pages load', () => {
    expect(m.content_scripts ?? []).toEqual([]);
    for (const scraper of scrapers) {
      expect(existsSync(join(OUTPUT, build, 'content-scripts', `${scraper.id}.js`)), scraper.id).toBe(true);
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
