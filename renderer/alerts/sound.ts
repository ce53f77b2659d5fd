// Alert tones synthesised with WebAudio (no audio files). Browsers only allow sound after a user gesture, so the
// context is created/resumed on the first click or key press; before that a tone is silently skipped.

let ctx: AudioContext | null = null;

function context(): AudioContext | null {
  if (ctx) return ctx;
  try {
    ctx = new AudioContext();
  } catch {
    ctx = null;
  }
  return ctx;
}

export function unlockAudioOnGesture(): () => void {
  const unlock = (): void => {
    const c = context();
    if (c && c.state === 'suspended') void c.resume().catch(() => undefined);
  };
  window.addEventListener('pointerdown', unlock, { capture: true });
  window.addEventListener('keydown', unlock, { capture: true });
  return () => {
    window.removeEventListener('pointerdown', unlock, { capture: true });
    window.removeEventListener('keydown', unlock, { capture: true });
  };
}

function beep(c: AudioContext, at: number, freq: number, dur: number, volume: number): void {
  const osc = c.createOscillator();
  const gain = c.createGain();
  osc.type = 'square';
  osc.frequency.setValueAtTime(freq, at);
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(volume, at + 0.015);
  gain.gain.setValueAtTime(volume, at + dur - 0.04);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + dur);
  osc.connect(gain).connect(c.destination);
  osc.start(at);
  osc.stop(at + dur + 0.02);
}

let lastPlayed = 0;
let muted = false;

/** The console's night-shift mute (renderer/queue): no tone at all while it is on; screens still show everything. */
export function setSoundMuted(m: boolean): void {
  muted = m;
}

/** new: three rising two-tone pulses; reminder: two lower pulses. Rate-limited so a burst of events is one tone. */
export function playAlertTone(kind: 'new' | 'reminder'): void {
  if (muted) return;
  const now = performance.now();
  if (now - lastPlayed < 800) return;
  lastPlayed = now;
  const c = context();
  if (!c) return;
  if (c.state === 'running') play(c, kind);
  else if (c.state === 'suspended') {
    // Resolves only if the page has had a user gesture; otherwise the tone is skipped (the visual cue remains).
    c.resume().then(
      () => play(c, kind),
      () => undefined,
    );
  }
}

function play(c: AudioContext, kind: 'new' | 'reminder'): void {
  const t = c.currentTime + 0.02;
  if (kind === 'new') {
    for (let i = 0; i < 3; i++) {
      beep(c, t + i * 0.32, 740, 0.13, 0.12);
      beep(c, t + i * 0.32 + 0.14, 988, 0.13, 0.12);
    }
  } else {
    beep(c, t, 587, 0.2, 0.1);
    beep(c, t + 0.3, 587, 0.2, 0.1);
  }
}
