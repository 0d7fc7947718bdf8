/**
 * Whether 32 bytes are an Ed25519 public key worth trusting: the canonical encoding of a point on
 * the curve that is not of small order. Node and OpenSSL import any 32 bytes as a key; a key of
 * order 1, 2, 4 or 8 (the all-zero key among them) lets anyone forge a signature that verifies
 * for one try in a few, whatever the message (RFC 8032 §5.1.3, and libsodium's blocklist). Plain
 * BigInt arithmetic (no secret is involved, so constant time does not matter): shared by the desk
 * (headquarters' key) and headquarters (a station's key).
 */

const P = 2n ** 255n - 19n;

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return result;
}

const inv = (a: bigint): bigint => pow(a, P - 2n);
const D = mod(-121665n * inv(121666n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);

interface Point {
  x: bigint;
  y: bigint;
}

/** RFC 8032 §5.1.3 decoding, or null (not canonical, not on the curve). */
function decode(bytes: Uint8Array): Point | null {
  if (bytes.length !== 32) return null;
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? bytes[i]! & 0x7f : bytes[i]!);
  const sign = (bytes[31]! >> 7) & 1;
  if (y >= P) return null;
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * pow(v, 3n) * pow(u * pow(v, 7n), (P - 5n) / 8n));
  const vx2 = mod(v * x * x);
  if (vx2 === u) {
    // x is a root
  } else if (vx2 === mod(-u)) x = mod(x * SQRT_M1);
  else return null;
  if (x === 0n && sign === 1) return null;
  if (Number(x & 1n) !== sign) x = mod(-x);
  return { x, y };
}

/** Affine doubling on −x² + y² = 1 + d·x²·y² (complete: the denominators are never zero on the curve). */
function double({ x, y }: Point): Point {
  const x2 = mod(x * x);
  const y2 = mod(y * y);
  return { x: mod(2n * x * y * inv(mod(y2 - x2))), y: mod((y2 + x2) * inv(mod(2n + x2 - y2))) };
}

export type Ed25519KeyProblem = 'not-a-point' | 'small-order';

/** Null when `raw` (the key's 32 bytes) is a canonical curve point of large order, else why not. */
export function ed25519KeyProblem(raw: Uint8Array): Ed25519KeyProblem | null {
  const point = decode(raw);
  if (!point) return 'not-a-point';
  const eight = double(double(double(point)));
  return eight.x === 0n && eight.y === 1n ? 'small-order' : null;
}

/** The 32 key bytes at the end of an Ed25519 SPKI DER (44 bytes), from its base64. */
export function spkiKeyBytes(spkiBase64: string): Uint8Array {
  const bin = atob(spkiBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.subarray(bytes.length - 32);
}
