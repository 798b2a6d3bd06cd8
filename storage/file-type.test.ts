import { describe, expect, it } from 'vitest';
import { isShownInline, safeFileName, sniffBlobType, sniffFileType } from './file-type';

const text = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

describe('sniffFileType', () => {
  it.each([
    [text('%PDF-1.7\n%âãÏÓ'), 'application/pdf'],
    [bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), 'image/png'],
    [bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    [text('GIF89a\x01\x00'), 'image/gif'],
    [text('RIFF\x10\x00\x00\x00WEBPVP8 '), 'image/webp'],
    [bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0), 'application/zip'],
    [
      text('<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">'),
      'application/xml',
    ],
    [text('\ufeff  <?xml version="1.0"?><!-- a comment --><hl7:ClinicalDocument>'), 'application/xml'],
    [text('<!DOCTYPE html><html><script>alert(1)</script>'), 'text/html'],
    [text('\n  <html lang="fr">'), 'text/html'],
    [text('<script>fetch("x")</script>'), 'text/html'],
    [
      text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'),
      'image/svg+xml',
    ],
    [text('<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'), 'text/html'],
    [text('<svg:svg xmlns:svg="http://www.w3.org/2000/svg">'), 'image/svg+xml'],
    [text('plain text'), null],
    [text('PDF-1.4 without its percent'), null],
    [bytes(), null],
  ])('%# is %s', (input, type) => {
    expect(sniffFileType(input)).toBe(type);
  });

  it('reads a blob by its first bytes only', async () => {
    expect(await sniffBlobType(new Blob(['%PDF-1.4', new Uint8Array(5000)]))).toBe('application/pdf');
  });

  it('shows PDFs and images only', () => {
    expect(isShownInline('application/pdf')).toBe(true);
    expect(isShownInline('image/png')).toBe(true);
    expect(isShownInline('text/html')).toBe(false);
    expect(isShownInline('image/svg+xml')).toBe(false);
    expect(isShownInline('application/xml')).toBe(false);
    expect(isShownInline(null)).toBe(false);
  });
});

describe('safeFileName', () => {
  it('ends with the extension of the verified type, whatever the title claims', () => {
    expect(safeFileName('Compte rendu.pdf', 'application/pdf')).toBe('Compte rendu.pdf');
    expect(safeFileName('Compte rendu.pdf', 'text/html')).toBe('Compte rendu.pdf.html');
    expect(safeFileName('Ordonnance', 'image/jpeg')).toBe('Ordonnance.jpg');
    expect(safeFileName('Relevé', null)).toBe('Relevé.bin');
  });

  it('keeps no path, control or direction character, and no device name', () => {
    expect(safeFileName('../../etc/passwd', null)).toBe('etc passwd.bin');
    expect(safeFileName('C:\\Windows\\x', 'application/pdf')).toBe('C Windows x.pdf');
    expect(safeFileName('facture\u202Efdp.exe', 'application/pdf')).toBe('facture fdp.exe.pdf');
    expect(safeFileName('a\u0000b\nc', 'application/pdf')).toBe('a b c.pdf');
    expect(safeFileName('CON', 'application/pdf')).toBe('_CON.pdf');
    expect(safeFileName(' ... ', 'application/pdf')).toBe('document.pdf');
    expect(safeFileName('x'.repeat(300), 'application/pdf')).toHaveLength(104);
  });
});
