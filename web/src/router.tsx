import { type AnchorHTMLAttributes, type MouseEvent, useCallback, useSyncExternalStore } from 'react';

/**
 * A few routes and a query string are all the dashboard needs, so history is handled here rather
 * than with a routing library. The query string is the source of truth for filters, which makes
 * every view shareable and bookmarkable.
 */
const CHANGE = 'servicemeter:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
}

export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot, snapshot);
  const url = new URL(current, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams };
}

/** The query string as state: `update` edits a copy and navigates to it. */
export function useSearchParams(): [
  URLSearchParams,
  (edit: (p: URLSearchParams) => void, replace?: boolean) => void,
] {
  const { search, pathname } = useLocation();
  const update = useCallback(
    (edit: (p: URLSearchParams) => void, replace = false) => {
      const next = new URLSearchParams(window.location.search);
      edit(next);
      const qs = next.toString();
      navigate(`${pathname}${qs ? `?${qs}` : ''}`, { replace });
    },
    [pathname],
  );
  return [search, update];
}

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An ordinary link (middle-click, copy address work) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
