// The page's responsiveness while a bench runs: the longest gap between setInterval(…, 0) ticks
// and between animation frames (bench/harness-train, bench/harness-eval).
export interface Gaps {
  /** Longest time between two setInterval(…, 0) callbacks (or the last one and the end). */
  timerMaxMs: number;
  /** When that longest gap ended, in ms since watching began. */
  timerMaxAtMs: number;
  timerTicks: number;
  /** Longest time between two requestAnimationFrame callbacks; null when none ran. */
  frameMaxMs: number | null;
  frames: number;
  /** Gaps between animation frames longer than 50 ms. */
  framesOver50: number;
  /**
   * The longest animation frames (over 50 ms; Chromium's Long Animation Frames API), longest
   * first, each with the scripts that ran in it: what held the page up.
   */
  longFrames: { ms: number; atMs: number; scripts: string[] }[];
}

interface LoafScript {
  duration: number;
  invoker: string;
  sourceFunctionName: string;
  sourceURL: string;
  sourceCharPosition: number;
}

export function watchGaps(): () => Gaps {
  let running = true;
  const start = performance.now();
  let lastTick = start;
  let timerMax = 0;
  let timerMaxAt = 0;
  let ticks = 0;
  const tick = (t: number) => {
    if (t - lastTick > timerMax) {
      timerMax = t - lastTick;
      timerMaxAt = t - start;
    }
    lastTick = t;
  };
  const timer = setInterval(() => {
    tick(performance.now());
    ticks++;
  }, 0);
  let lastFrame = -1;
  let frameMax = 0;
  let frames = 0;
  let over50 = 0;
  const onFrame = () => {
    if (!running) return;
    const t = performance.now();
    if (lastFrame >= 0) frameMax = Math.max(frameMax, t - lastFrame);
    if (lastFrame >= 0 && t - lastFrame > 50) over50++;
    lastFrame = t;
    frames++;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  const longFrames: Gaps['longFrames'] = [];
  let observer: PerformanceObserver | undefined;
  if (PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame')) {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const scripts = ((e as unknown as { scripts: LoafScript[] }).scripts ?? [])
          .filter((x) => x.duration >= 5)
          .map(
            (x) =>
              `${Math.round(x.duration)} ms ${x.invoker} ${x.sourceFunctionName || '?'} (${x.sourceURL.split('/').pop()}:${x.sourceCharPosition})`,
          );
        longFrames.push({
          ms: Math.round(e.duration),
          atMs: Math.round(e.startTime - start),
          scripts,
        });
        longFrames.sort((a, b) => b.ms - a.ms);
        longFrames.length = Math.min(longFrames.length, 5);
      }
    });
    observer.observe({ type: 'long-animation-frame', buffered: false });
  }
  return () => {
    running = false;
    observer?.disconnect();
    clearInterval(timer);
    const t = performance.now();
    tick(t);
    if (lastFrame >= 0) frameMax = Math.max(frameMax, t - lastFrame);
    return {
      timerMaxMs: timerMax,
      timerMaxAtMs: timerMaxAt,
      timerTicks: ticks,
      frameMaxMs: frames > 1 ? frameMax : null,
      frames,
      framesOver50: over50,
      longFrames,
    };
  };
}
