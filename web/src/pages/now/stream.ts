import type { InferResponseType } from 'hono/client';
import { useEffect, useState } from 'react';
import type { Api } from '../../api.js';

/** The Now view: the answer of GET /api/now, which each `now` event of the stream carries too. */
export type NowView = InferResponseType<Api['now']['$get'], 200>;

export type Connection = 'connecting' | 'live' | 'reconnecting';

/** The server's address of the stream: a `now` event at once, then whenever the data changed. */
export const NOW_EVENTS_PATH = '/api/now/events';
/** After the server refused or ended the stream, the page asks again after this long. */
const RETRY_MS = 5000;

export interface NowStream {
  view: NowView | null;
  /** When the view arrived (epoch ms), so waits can be shown growing until the next one. */
  receivedAt: number | null;
  connection: Connection;
}

/**
 * Follows the server's Now stream. The browser's EventSource reconnects by itself after a dropped
 * connection; one the server refused (a 4xx, or too many open streams) is closed for good, so that
 * case is retried here. The last view stays on screen while reconnecting.
 */
export function useNowStream(): NowStream {
  const [state, setState] = useState<NowStream>({ view: null, receivedAt: null, connection: 'connecting' });
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const open = () => {
      source = new EventSource(NOW_EVENTS_PATH, { withCredentials: true });
      source.addEventListener('open', () => setState((s) => ({ ...s, connection: 'live' })));
      source.addEventListener('now', (event) => {
        const view = JSON.parse((event as MessageEvent<string>).data) as NowView;
        setState({ view, receivedAt: Date.now(), connection: 'live' });
      });
      source.addEventListener('error', () => {
        setState((s) => ({ ...s, connection: 'reconnecting' }));
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(open, RETRY_MS);
        }
      });
    };
    open();
    return () => {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      source?.close();
    };
  }, []);
  return state;
}
