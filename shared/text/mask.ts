/** Masks an identifier for logs and lists: `0012349645` → `00****9645`. */
export function maskId(id: string): string {
  if (id.length <= 6) return '*'.repeat(id.length);
  return id.slice(0, 2) + '*'.repeat(id.length - 6) + id.slice(-4);
}

/** Masks a mobile for the clerk's screen: `09121234567` → `0912***4567`. */
export function maskMobile(mobile: string): string {
  if (mobile.length < 8) return '*'.repeat(mobile.length);
  return mobile.slice(0, 4) + '***' + mobile.slice(-4);
}
