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
    expect(ARCHIVE_VERSION).toBe(2);
    expect(upgradePath(2)).toEqual([]);
  });

  it('refuses a newer version, saying which', () => {
    expect(codeOf(() => upgradePath(3))).toBe('newer-version 3');
  });

  it('reads version 1: results, medications and vaccinations were read from pages', () => {
    const path = upgradePath(1);
    expect(path.map((step) => step.from)).toEqual([1]);
    expect(upgradeRecord({ kind: 'lab-result', id: 'x' }, path)).toEqual({
      kind: 'lab-result',
      id: 'x',
      fromDocument: null,
    });
    expect(upgradeRecord({ kind: 'reimbursement', id: 'y' }, path)).toEqual({
      kind: 'reimbursement',
      id: 'y',
    });
    // A version 2 field already there, or something that is no record, is left as it is.
    const already = { kind: 'immunization', fromDocument: 'document:' + 'a'.repeat(32) };
    expect(upgradeRecord(already, path)).toBe(already);
    expect(upgradeRecord('pas un enregistrement', path)).toBe('pas un enregistrement');
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
    // version 2 added `note`. (The real history is ARCHIVE_UPGRADES.)
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
