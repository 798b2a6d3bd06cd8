import type { ChannelErrorCode } from '../scrapers/channels';
import type { Capture } from '../storage/schemas';
import type { SaveCaptureResponse } from './messages';

/** How complete a save through the portal's in-session requests is. */
export interface ChannelSummary {
  /**
   * `complete` and `partial`: the capture holds what was read (`missing` says what a partial one
   * lacks); `failed`: the capture holds only why; `cancelled`: nothing was written.
   */
  status: 'complete' | 'partial' | 'failed' | 'cancelled';
  missing: string[];
  /** What stopped a failed save, for its own words. */
  code: ChannelErrorCode | null;
  /** Requests sent, retries included. */
  requests: number;
}

/** What the person is told after a save. */
export interface CaptureOutcome {
  status: 'ok' | 'broken' | 'error';
  capture: Capture | null;
  /** Why the save failed, when it did (the background's words, or a known code). */
  error: string | null;
  /** Set when the save went through the portal's in-session requests. */
  channel?: ChannelSummary;
}

export function outcomeOf(read: 'ok' | 'broken' | 'failed', response: SaveCaptureResponse): CaptureOutcome {
  if (!response.ok) return { status: 'error', capture: null, error: response.error };
  if (read !== 'ok') return { status: 'broken', capture: response.capture, error: null };
  return { status: 'ok', capture: response.capture, error: null };
}
