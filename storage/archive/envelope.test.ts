import { describe, expect, it } from 'vitest';
import { ARCHIVE_VERSION, ArchiveError, archiveStem, upgradePath, upgradeRecord } from './envelope';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof ArchiveError ? `${error.code} ${error.detail}` : String(error);
  }
  return undefined;
}

describe('archive versions', () => {
  it('reads the current version as it is', () => {
    expect(ARCHIVE_VERSION).toBe(1);
    expect(upgradePath(1)).toEqual([]);
  });

  it('refuses a newer version, saying which', () => {
    expect(codeOf(() => upgradePath(2))).toBe('newer-version 2');
  });

  it('refuses a version it never knew, or no number at all', () => {
    // Version 1 is the first format ever published: there is no version 0 to read.
    expect(codeOf(() => upgradePath(0))).toBe('unknown-format version 0');
    expect(codeOf(() => upgradePath('1'))).toBe('unknown-format version "1"');
    expect(codeOf(() => upgradePath(1.5))).toBe('unknown-format version 1.5');
    expect(codeOf(() => upgradePath(undefined))).toBe('unknown-format version absente');
  });

  it('chains upgrade steps by version, oldest first', () => {
    // A hypothetical history, for the mechanism only: version 1 renamed `person` to `patient`,
    // version 2 added `note`. The real history (ARCHIVE_UPGRADES) is empty.
    const steps = [
      { from: 2, record: (r: unknown) => ({ ...(r as object), note: null }) },
      {
        from: 1,
        record: (r: unknown) => {
          const { person, ...rest } = r as { person: string };
          return { ...rest, patient: person };
        },
      },
    ];
    const path = upgradePath(1, steps, 3);
    expect(path.map((s) => s.from)).toEqual([1, 2]);
    expect(upgradeRecord({ id: 'x', person: 'Camille' }, path)).toEqual({
      id: 'x',
      patient: 'Camille',
      note: null,
    });
    expect(codeOf(() => upgradePath(0, steps, 3))).toBe('unknown-format version 0');
  });

  it('names files by the local day', () => {
    expect(archiveStem(new Date(2026, 10, 28, 23, 59))).toBe('mes-donnees-sante-2026-11-28');
  });
});
