import { stagedOf } from './archive/test-helpers';
import { describe, expect, it } from 'vitest';
import { deleteDb, openDb } from './db';
import { checkStoredRecord } from './archive/validate-stored';
import { planImport } from './archive/plan';
import { ARCHIVE_FORMAT } from './archive/envelope';
import { recordId } from './ids';
import { dropUnsafeLinks, safeUrl } from './safe-url';
import { saveCapture } from './save-capture';
import { sampleRecords } from './test-fixtures';
import { validateRecords } from './validate';

const PORTAL = 'https://portail.example.fr';

describe('safeUrl', () => {
  it.each([
    ['https://portail.example.fr/doc.pdf', PORTAL, true],
    ['https://ailleurs.example/doc.pdf', PORTAL, true],
    ['http://portail.example.fr/doc.pdf', 'http://portail.example.fr', true],
    ['http://portail.example.fr/doc.pdf', PORTAL, false],
    ['http://ailleurs.example/doc.pdf', 'http://portail.example.fr', false],
    ['javascript:alert(1)', PORTAL, false],
    ['JaVaScRiPt:alert(1)', PORTAL, false],
    ['  javascript:alert(1)', PORTAL, false],
    ['java\tscript:alert(1)', PORTAL, false],
    ['data:text/html,<script>alert(1)</script>', PORTAL, false],
    ['blob:https://portail.example.fr/1234', PORTAL, false],
    ['file:///etc/passwd', PORTAL, false],
    ['chrome-extension://abc/dashboard.html', PORTAL, false],
    ['vbscript:msgbox', PORTAL, false],
    ['https://user:pass@portail.example.fr/', PORTAL, false],
    ['//portail.example.fr/doc.pdf', PORTAL, false],
    ['pas une adresse', PORTAL, false],
  ])('%s (page %s) → kept: %s', (url, origin, kept) => {
    expect(safeUrl(url, origin)).toBe(kept ? url : null);
  });

  it('keeps nothing that is not a string', () => {
    expect(safeUrl(null, PORTAL)).toBeNull();
    expect(safeUrl({ href: 'https://x.fr' }, PORTAL)).toBeNull();
  });
});

const doc = () => ({ ...sampleRecords().document, sourceUrl: `${PORTAL}/documents` });

describe('on capture', () => {
  it('drops an unsafe link with a warning and keeps the record', () => {
    const { valid, problems } = validateRecords([{ ...doc(), url: 'javascript:alert(document.domain)' }]);
    expect(valid).toHaveLength(1);
    expect(valid[0]).toMatchObject({ kind: 'document', url: null });
    expect(problems).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('« javascript:alert(document.domain) » retiré'),
      }),
    ]);
  });

  it('leaves a safe link and a record without one as they are', () => {
    const record = doc();
    expect(dropUnsafeLinks(record).record).toBe(record);
    expect(validateRecords([record]).problems).toEqual([]);
    expect(validateRecords([{ ...record, url: null }]).problems).toEqual([]);
  });

  it('saves the record without the link, the warning in the capture', async () => {
    const db = openDb(`safe-url-${crypto.randomUUID()}`);
    try {
      const capture = await saveCapture(db, {
        source: doc().source,
        url: `${PORTAL}/documents`,
        title: 'Documents',
        scraper: { id: doc().source, version: '1.0.0' },
        startedAt: new Date().toISOString(),
        records: [{ ...doc(), url: 'data:text/html;base64,PHNjcmlwdD4=' }],
        problems: [],
      });
      const [stored] = await db.records.toArray();
      expect(stored).toMatchObject({ kind: 'document', url: null });
      expect(capture.counts).toMatchObject({ added: 1, invalid: 0 });
      expect(capture.problems.map((p) => p.level)).toEqual(['warning']);
    } finally {
      await deleteDb(db);
    }
  });
});

describe('on import', () => {
  const stored = (url: string) => {
    const record = { ...doc(), url };
    return {
      ...record,
      id: recordId(record),
      captureId: 'c',
      capturedAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
    };
  };

  it('drops the link, gives the record the id of what is left, and says so', () => {
    const check = checkStoredRecord(stored('javascript:alert(1)'));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.value).toMatchObject({ url: null, id: recordId({ ...doc(), url: null }) });
    expect(check.warnings).toEqual([expect.stringContaining('« javascript:alert(1) » retiré')]);
  });

  it('lists the dropped link among the plan’s warnings', async () => {
    const db = openDb(`safe-url-import-${crypto.randomUUID()}`);
    try {
      const archive = JSON.stringify({
        format: ARCHIVE_FORMAT,
        version: 1,
        records: [stored('blob:https://portail.example.fr/x')],
        captures: [],
      });
      const plan = await planImport(db, new Blob([archive]));
      const { records } = await stagedOf(db, plan);
      expect(records.map((r) => (r.kind === 'document' ? r.url : 'x'))).toEqual([null]);
      expect(plan.warnings.some((w) => w.includes('blob:https://portail.example.fr/x'))).toBe(true);
    } finally {
      await deleteDb(db);
    }
  });
});
