/**
 * The part of the `smpp` package (0.5.1, no published types) that this app and its test peer use.
 * PDU fields keep the SMPP specification's names.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export interface PDU {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
  }

  /**
   * A request already encoded by the caller: `send` numbers it (sets `sequence_number`), then
   * writes `toBuffer()`, and matches the answer by that number like any other.
   */
  export interface EncodedPdu {
    command: string;
    sequence_number: number;
    isResponse(): boolean;
    toBuffer(): Buffer;
  }

  export class Session extends EventEmitter {
    readonly socket: import('node:net').Socket;
    send(pdu: PDU | EncodedPdu, onResponse?: (pdu: PDU) => void, onSent?: (pdu: PDU) => void): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transmitter(options: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    bind_transceiver(options: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    submit_sm(options: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    deliver_sm(options: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    enquire_link(options?: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
    unbind(options?: Record<string, unknown>, onResponse?: (pdu: PDU) => void): boolean;
  }

  export interface Server extends NetServer {
    readonly sessions: Session[];
  }

  /** Use only the `{ url: 'smpp://host:port' }` form: the `(host, port)` form is buggy. */
  export function connect(options: { url: string; [key: string]: unknown }, listener?: () => void): Session;
  export function createServer(listener: (session: Session) => void): Server;
  export const errors: Record<string, number>;

  const smpp: {
    connect: typeof connect;
    createServer: typeof createServer;
    errors: typeof errors;
  };
  export default smpp;
}
