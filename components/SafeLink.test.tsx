import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SafeLink } from './SafeLink';

const root = document.createElement('div');
afterEach(() => render(null, root));

function draw(href: string, pageOrigin: string | null) {
  render(
    <SafeLink href={href} pageOrigin={pageOrigin}>
      {href}
    </SafeLink>,
    root,
  );
  return root.querySelector('a');
}

describe('SafeLink', () => {
  it('links to an https address, opened apart from the extension', () => {
    const link = draw('https://portail.example.fr/p', 'https://portail.example.fr');
    expect(link?.getAttribute('href')).toBe('https://portail.example.fr/p');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:https://portail.example.fr/1',
    'https://user:pw@portail.example.fr/',
    'http://ailleurs.example/p',
  ])('shows %s as text, never as a link', (href) => {
    expect(draw(href, 'https://portail.example.fr')).toBeNull();
    expect(root.textContent).toBe(href);
  });

  it('links to http only on the page’s own origin', () => {
    expect(draw('http://portail.example.fr/p', 'http://portail.example.fr')).not.toBeNull();
    expect(draw('http://portail.example.fr/p', null)).toBeNull();
  });
});
