import { describe, expect, it } from 'vitest';
import { absoluteUrl, linkMimeType } from './links';

const PAGE = new URL('https://portail.example.fr/mon-espace/documents/?page=2');

function link(markup: string): Element {
  const div = document.createElement('div');
  div.innerHTML = markup;
  const found = div.querySelector('a');
  if (!found) throw new Error('no link in markup');
  return found;
}

describe('absoluteUrl', () => {
  it.each([
    ['/api/cr/1.pdf', 'https://portail.example.fr/api/cr/1.pdf'],
    ['releve.pdf', 'https://portail.example.fr/mon-espace/documents/releve.pdf'],
    ['?action=telecharger&id=1', 'https://portail.example.fr/mon-espace/documents/?action=telecharger&id=1'],
    ['../autre/x.pdf', 'https://portail.example.fr/mon-espace/autre/x.pdf'],
    ['https://cdn.example.org/a b.pdf', 'https://cdn.example.org/a%20b.pdf'],
    ['//cdn.example.org/x.pdf', 'https://cdn.example.org/x.pdf'],
  ])('%j → %s', (href, url) => {
    expect(absoluteUrl(href, PAGE)).toBe(url);
  });

  it.each([[null], [undefined], [''], ['  '], ['#'], ['#haut'], ['javascript:void(0)'], ['mailto:a@b.fr']])(
    '%j is no file link',
    (href) => {
      expect(absoluteUrl(href, PAGE)).toBeNull();
    },
  );
});

describe('linkMimeType', () => {
  it('reads the type attribute first', () => {
    expect(linkMimeType(link('<a href="x" type="application/pdf">Télécharger</a>'))).toBe('application/pdf');
    expect(linkMimeType(link('<a href="x" type=" Image/JPEG ">Voir</a>'))).toBe('image/jpeg');
  });

  it('else a format label in the link text', () => {
    expect(linkMimeType(link('<a href="x">Télécharger <span>(PDF, 149 Ko)</span></a>'))).toBe(
      'application/pdf',
    );
    expect(linkMimeType(link('<a href="x">Image (JPG)</a>'))).toBe('image/jpeg');
  });

  it('is null when the page does not say', () => {
    expect(linkMimeType(link('<a href="x.pdf">Télécharger le relevé</a>'))).toBeNull();
    expect(linkMimeType(link('<a href="x" type="pdf">PDFs</a>'))).toBeNull();
    expect(linkMimeType(null)).toBeNull();
  });
});
