import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { useTerminalStore } from '../store/terminal-store';
import { oneIntent, SETTLE_MS } from './one-intent';
import { closePanel } from './station-work';

// Cancel closes the open panel, but not with the rest of a tap that saved: a triple-tapped reversal confirm
// closes its dialog, and the later taps must not also close My shift, which shows what was reversed.

afterEach(() => useTerminalStore.setState({ panel: null }));

describe('closePanel', () => {
  it('closes the open panel on a tap of its own', () => {
    useTerminalStore.setState({ panel: 'history' });
    closePanel(performance.now());
    expect(useTerminalStore.getState().panel).toBeNull();
  });

  it('keeps the panel open for a tap made while a save ran or settled, and closes it for a later tap', async () => {
    useTerminalStore.setState({ panel: 'history' });
    let finish: () => void = () => undefined;
    const saving = oneIntent.run(
      'booking.reverse',
      { bookingId: 'b-1' },
      () => new Promise<null>((resolve) => (finish = () => resolve(null))),
    );
    const tapDuringSave = performance.now();
    finish();
    await saving;
    const tapRightAfter = performance.now();

    closePanel(tapDuringSave);
    expect(useTerminalStore.getState().panel).toBe('history');
    closePanel(tapRightAfter);
    expect(useTerminalStore.getState().panel).toBe('history');

    closePanel(tapRightAfter + SETTLE_MS + 1);
    expect(useTerminalStore.getState().panel).toBeNull();
  });
});
