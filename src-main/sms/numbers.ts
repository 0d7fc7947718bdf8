/** An SMPP address: type of number, numbering plan, digits (or letters for an alphanumeric sender). */
export interface SmppAddress {
  ton: number;
  npi: number;
  addr: string;
}

/** `09121234567` as the gateway wants it: `989121234567` (international, TON 1) or as stored (TON 0). */
export function destination(mobile: string, format: 'international' | 'national'): SmppAddress {
  if (format === 'international') return { ton: 1, npi: 1, addr: '98' + mobile.replace(/^0/, '') };
  return { ton: 0, npi: 1, addr: mobile };
}

/** Kannel takes international numbers with a leading `+`. */
export function kannelDestination(mobile: string, format: 'international' | 'national'): string {
  return format === 'international' ? '+' + destination(mobile, format).addr : mobile;
}

/** `+98…` → international; digits → unknown type; letters → alphanumeric (TON 5, NPI 0). */
export function source(sender: string): SmppAddress {
  if (/^\+[0-9]+$/.test(sender)) return { ton: 1, npi: 1, addr: sender.slice(1) };
  if (/^[0-9]+$/.test(sender)) return { ton: 0, npi: 1, addr: sender };
  return { ton: 5, npi: 0, addr: sender };
}
