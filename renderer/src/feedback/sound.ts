// Audible feedback without audio files: a short high beep for success, a low double buzz for errors.
// Operators often cannot look at the screen while scanning, so every scan must be heard.

type Tone = { frequency: number; durationMs: number; gapMs?: number; repeat?: number; type: OscillatorType };

const TONES = {
  success: { frequency: 1_760, durationMs: 90, type: 'square' },
  error: { frequency: 220, durationMs: 160, gapMs: 70, repeat: 2, type: 'sawtooth' },
  info: { frequency: 990, durationMs: 60, type: 'sine' },
} satisfies Record<string, Tone>;

export type FeedbackTone = keyof typeof TONES;

let context: AudioContext | null = null;

export function playTone(kind: FeedbackTone): void {
  const tone: Tone = TONES[kind];
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    let start = context.currentTime;
    for (let i = 0; i < (tone.repeat ?? 1); i++) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = tone.type;
      oscillator.frequency.value = tone.frequency;
      gain.gain.value = 0.25;
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + tone.durationMs / 1000);
      start += (tone.durationMs + (tone.gapMs ?? 0)) / 1000;
    }
  } catch {
    // No audio device (or autoplay policy before the first touch): the colour flash still shows.
  }
}
