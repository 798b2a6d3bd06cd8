import type { Capture } from '../storage/schemas';
import type { SaveCaptureResponse } from './messages';

/** What the person is told after a save. */
export interface CaptureOutcome {
  status: 'ok' | 'broken' | 'error';
  capture: Capture | null;
  /** Why the save failed, when it did (the background's words, or a known code). */
  error: string | null;
}

export function outcomeOf(read: 'ok' | 'broken' | 'failed', response: SaveCaptureResponse): CaptureOutcome {
  if (!response.ok) return { status: 'error', capture: null, error: response.error };
  if (read !== 'ok') return { status: 'broken', capture: response.capture, error: null };
  return { status: 'ok', capture: response.capture, error: null };
}
