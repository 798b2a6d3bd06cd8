import { afterEach, describe, expect, it } from 'vitest';
import { goTo, parseRoute, routeHref, viewHref, withParams } from './route';

afterEach(() => {
  location.hash = '';
});

describe('route', () => {
  it('reads a view and its parameters from the address', () => {
    const route = parseRoute('#/chronologie?type=lab-result&personne=claire+dupont');
    expect(route.view).toBe('chronologie');
    expect(route.params.get('personne')).toBe('claire dupont');
    expect(parseRoute('').view).toBe('');
  });

  it('writes addresses, keeping the person across views and dropping emptied parameters', () => {
    const route = parseRoute('#/chronologie?type=lab-result&personne=leo+martin');
    expect(routeHref('fiche', { id: 'a:1', empty: '' })).toBe('#/fiche?id=a%3A1');
    expect(viewHref(route, 'analyses')).toBe('#/analyses?personne=leo+martin');
    expect(withParams(route, { type: null, q: 'foie' })).toBe('#/chronologie?personne=leo+martin&q=foie');
  });

  it('replaces the history entry when asked', () => {
    const before = history.length;
    goTo('#/depenses?annee=2024', { replace: true });
    expect(location.hash).toBe('#/depenses?annee=2024');
    expect(history.length).toBe(before);
  });
});
