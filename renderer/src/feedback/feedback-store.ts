import { create } from 'zustand';
import { playTone, type FeedbackTone } from './sound';

// One feedback channel for every scan and booking: colour, message and sound together, so the operator
// gets the same signal whatever workflow produced it.

export interface FeedbackMessage {
  id: number;
  tone: FeedbackTone;
  /** i18n key and parameters; never raw text. */
  messageKey: string;
  params?: Record<string, string | number>;
}

interface FeedbackState {
  current: FeedbackMessage | null;
}

export const useFeedbackStore = create<FeedbackState>()(() => ({ current: null }));

let nextId = 1;
let clearTimer: ReturnType<typeof setTimeout> | undefined;

export function giveFeedback(tone: FeedbackTone, messageKey: string, params?: Record<string, string | number>): void {
  const message: FeedbackMessage = { id: nextId++, tone, messageKey, ...(params ? { params } : {}) };
  useFeedbackStore.setState({ current: message });
  playTone(tone);
  clearTimeout(clearTimer);
  // Errors stay longer: the operator has to read why, often from a distance.
  clearTimer = setTimeout(() => useFeedbackStore.setState({ current: null }), tone === 'error' ? 6_000 : 3_000);
}
