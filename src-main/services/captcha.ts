import { randomInt } from 'node:crypto';

/**
 * REG-10's "security code", offline: five digits drawn as an SVG with jitter and noise lines.
 * It slows scripted abuse of the kiosk's recovery form; it is not meant to stop a determined OCR.
 */
export function makeCaptcha(): { answer: string; svg: string } {
  let answer = '';
  for (let i = 0; i < 5; i++) answer += String(randomInt(10));
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) {
    parts.push(
      `<line x1="${randomInt(160)}" y1="${randomInt(50)}" x2="${randomInt(160)}" y2="${randomInt(50)}" stroke="#${randomInt(0x555555, 0xaaaaaa).toString(16)}" stroke-width="1.5"/>`,
    );
  }
  [...answer].forEach((d, i) => {
    const x = 18 + i * 28 + randomInt(-4, 5);
    const y = 34 + randomInt(-5, 6);
    parts.push(`<text x="${x}" y="${y}" font-size="28" font-family="monospace" font-weight="bold" fill="#222" transform="rotate(${randomInt(-25, 26)} ${x} ${y})">${d}</text>`);
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="50" viewBox="0 0 160 50"><rect width="160" height="50" fill="#f3f3f3"/>${parts.join('')}</svg>`;
  return { answer, svg };
}
