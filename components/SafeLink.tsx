import type { ComponentChildren } from 'preact';
import { safeUrl } from '../storage/safe-url';

/**
 * A link to an address that came from outside, rendered as a link only when it is a safe one
 * (storage/safe-url.ts); anything else is shown as the text it is, never as an `href`.
 * `pageOrigin`: the origin of the portal page the address belongs to (http is kept only there).
 */
export function SafeLink({
  href,
  pageOrigin,
  children,
}: {
  href: string;
  pageOrigin: string | null;
  children: ComponentChildren;
}) {
  const safe = safeUrl(href, pageOrigin);
  if (!safe) return <span data-unsafe-link="">{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
