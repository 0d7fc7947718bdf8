import { randomInt } from 'node:crypto';

/**
 * REG-10's "security code", offline: five digits drawn as distorted stroke paths with noise
 * curves (issue 10 item 4). The markup holds no text node and no character of the answer: each
 * glyph is a seven-segment skeleton whose points are jittered and put through a random rotation,
 * scale and skew, drawn as a path among noise paths of the same stroke. It slows scripted abuse
 * of the kiosk's recovery form; it is not meant to stop a determined OCR.
 */
const SEGMENTS: Record<string, string> = {
  '0': 'abcdef',
  '1': 'bc',
  '2': 'abged',
  '3': 'abgcd',
  '4': 'fgbc',
  '5': 'afgcd',
  '6': 'afgedc',
  '7': 'abc',
  '8': 'abcdefg',
  '9': 'abcdfg',
};
/** Segment ends on a 1 × 2 cell: (0,0) top left … (1,2) bottom right. */
const ENDS: Record<string, [[number, number], [number, number]]> = {
  a: [[0, 0], [1, 0]],
  b: [[1, 0], [1, 1]],
  c: [[1, 1], [1, 2]],
  d: [[1, 2], [0, 2]],
  e: [[0, 2], [0, 1]],
  f: [[0, 1], [0, 0]],
  g: [[0, 1], [1, 1]],
};

const W = 160;
const H = 50;
const rnd = (min: number, max: number) => min + (randomInt(1_000_000) / 1_000_000) * (max - min);
const fmt = (n: number) => n.toFixed(1);

function glyphPath(digit: string, cx: number, cy: number): string {
  const angle = rnd(-0.35, 0.35);
  const sx = rnd(11, 15);
  const sy = rnd(10, 13);
  const skew = rnd(-0.3, 0.3);
  const point = ([x, y]: [number, number]) => {
    // Centre the cell, skew, scale, rotate, then jitter each end on its own.
    const px = (x - 0.5 + skew * (y - 1)) * sx;
    const py = (y - 1) * sy;
    const rx = px * Math.cos(angle) - py * Math.sin(angle) + cx + rnd(-1.5, 1.5);
    const ry = px * Math.sin(angle) + py * Math.cos(angle) + cy + rnd(-1.5, 1.5);
    return `${fmt(rx)} ${fmt(ry)}`;
  };
  return [...SEGMENTS[digit]!]
    .map((s) => {
      const [from, to] = ENDS[s]!;
      // A slight bend: a quadratic curve through a jittered middle.
      const mid: [number, number] = [(from[0] + to[0]) / 2 + rnd(-0.12, 0.12), (from[1] + to[1]) / 2 + rnd(-0.12, 0.12)];
      return `M${point(from)} Q${point(mid)} ${point(to)}`;
    })
    .join(' ');
}

function noisePath(): string {
  return `M${fmt(rnd(0, W))} ${fmt(rnd(0, H))} Q${fmt(rnd(0, W))} ${fmt(rnd(0, H))} ${fmt(rnd(0, W))} ${fmt(rnd(0, H))}`;
}

export function makeCaptcha(): { answer: string; svg: string } {
  let answer = '';
  for (let i = 0; i < 5; i++) answer += String(randomInt(10));
  const paths: string[] = [];
  for (let i = 0; i < 7; i++) paths.push(noisePath());
  [...answer].forEach((d, i) => paths.push(glyphPath(d, 20 + i * 29 + rnd(-3, 3), H / 2 + rnd(-4, 4))));
  for (let i = 0; i < 4; i++) paths.push(noisePath());
  // Shuffled, one style: the order and look of the paths do not say which are glyphs.
  for (let i = paths.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [paths[i], paths[j]] = [paths[j]!, paths[i]!];
  }
  const body = paths.map((d) => `<path d="${d}" fill="none" stroke="#2a2a2a" stroke-width="${fmt(rnd(1.6, 2.6))}" stroke-linecap="round"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#f3f3f3"/>${body}</svg>`;
  return { answer, svg };
}

/**
 * Recovery requests counted per key (a kiosk session, a username) in a sliding window, whatever
 * the captcha said: `take` counts and answers at once (no await in between), so requests fired
 * together cannot all pass the check before any is counted.
 */
export class RequestWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, nowMs: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    return true;
  }
}
