import { parseEvent, type EventName, type EventPayload } from '../../shared/contract';

/**
 * The renderer's side of "checked on both sides": a listener that hands on only payloads that fit
 * the event's schema. Raw text (the browser-mode event stream) is parsed as JSON first; anything
 * else (not JSON, wrong shape, extra keys) is dropped.
 */
export function checkedListener<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): (raw: unknown) => void {
  return (raw) => {
    const payload = parseEvent(event, raw);
    if (payload !== null) listener(payload);
  };
}

/** The data of one event-stream message, or undefined when it is not JSON. */
export function eventData(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
