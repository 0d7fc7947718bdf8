import net from 'node:net';

/** Bytes sent verbatim (node's http client would refuse or normalise the request line), the reply's status. */
export function rawStatus(port: number, bytes: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let got = '';
    sock.setTimeout(10_000, () => sock.destroy(new Error('no answer within 10 s')));
    sock.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      if (m) {
        sock.destroy();
        resolve(Number(m[1]));
      }
    });
    sock.on('error', reject);
    sock.on('close', () => reject(new Error(`closed without a status line: ${JSON.stringify(got.slice(0, 80))}`)));
    sock.write(bytes);
  });
}

/** Bytes sent verbatim; the whole reply as it arrived until the server closed the connection. */
export function rawReply(port: number, bytes: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    sock.setTimeout(10_000, () => sock.destroy(new Error('no answer within 10 s')));
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', () => undefined); // a reset after the reply still leaves the reply
    sock.on('close', () => {
      const got = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.[01] (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(got);
      if (m) resolve({ status: Number(m[1]), headers: m[2]!, body: m[3]! });
      else reject(new Error(`closed without a reply: ${JSON.stringify(got.slice(0, 80))}`));
    });
    sock.write(bytes);
  });
}

/** Request targets that `new URL(target, base)` refuses, or that name another authority (issue 10 item 1). */
export const UNPARSABLE_TARGETS = ['//[', 'http://[', '//%/', '//a:b@', 'http://:80/', '//:/', '*', 'http://[::1', '//[/api/app:status'];
