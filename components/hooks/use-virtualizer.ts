/**
 * TanStack Virtual's core bound to Preact, as its React adapter binds it: one `Virtualizer` per
 * list, re-rendering when the visible range changes. Only the rows in view (plus `overscan`) are
 * in the DOM, whatever the length of the list.
 */
import {
  Virtualizer,
  elementScroll,
  measureElement,
  observeElementOffset,
  observeElementRect,
  type VirtualizerOptions,
} from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';

export type ListOptions<E extends Element> = Omit<
  VirtualizerOptions<HTMLElement, E>,
  'observeElementRect' | 'observeElementOffset' | 'scrollToFn' | 'measureElement'
>;

/** What a list shows before layout tells its height (and where there is no layout, as in tests). */
const SCREENFUL = { width: 1024, height: 720 };

export function useVirtualizer<E extends Element>(options: ListOptions<E>): Virtualizer<HTMLElement, E> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const resolved: VirtualizerOptions<HTMLElement, E> = {
    observeElementRect: (instance, callback) =>
      observeElementRect(instance, (rect) => callback(rect.height > 0 ? rect : SCREENFUL)),
    observeElementOffset,
    scrollToFn: elementScroll,
    // A row measured at 0 is not laid out (yet): keep its estimate rather than pile rows up.
    measureElement: (element, entry, instance) =>
      measureElement(element, entry, instance) || options.estimateSize(instance.indexFromElement(element)),
    ...options,
    onChange: (instance, sync) => {
      rerender(0);
      options.onChange?.(instance, sync);
    },
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, E>(resolved));
  virtualizer.setOptions(resolved);
  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
  });
  return virtualizer;
}
