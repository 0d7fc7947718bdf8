import type http from 'node:http';
import type { Logger } from './log';

/**
 * The request target as a URL of this server, or null when it is not one we serve. Only the
 * origin form ("/path?query") is: an absolute target (`http://[`), an asterisk, or a path that
 * starts with "//" (which a URL parser reads as another host: `//[`, `//a:b@`, `//:/`) is refused,
 * and so is anything the URL parser throws on. The base is fixed, so the target never picks a host.
 */
export function requestUrl(target: string | undefined): URL | null {
  if (!target || target[0] !== '/' || target[1] === '/') return null;
  try {
    return new URL(`http://request.invalid${target}`);
  } catch {
    return null;
  }
}

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** Answers `status` with a bare body, or ends the socket when the headers are already out. */
export function endWith(res: http.ServerResponse, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(status === 400 ? 'bad request' : 'internal error');
}

/**
 * Wraps a request listener so that nothing it throws, now or later, ends the process: the error
 * is logged (message only, never the request, which may hold a secret) and answered 500.
 * `onError` may answer in the server's own format first. A client that went away before its
 * request was read (the socket closed mid-body) is no error of ours: noted at debug level, and
 * nobody is left to answer.
 */
export function guarded(log: Logger, handler: RequestHandler, onError: (res: http.ServerResponse, e: unknown) => boolean = () => false): RequestHandler {
  const fail = (req: http.IncomingMessage, res: http.ServerResponse, e: unknown) => {
    try {
      if (req.socket.destroyed || (e as NodeJS.ErrnoException | null)?.code === 'ECONNRESET') {
        log.debug('client went away before its request was answered');
        res.destroy();
        return;
      }
      if (onError(res, e)) return;
      log.error('request failed', e instanceof Error ? e.message : String(e));
      endWith(res, 500);
    } catch (again) {
      log.error('request failed, and so did its error answer', again instanceof Error ? again.message : String(again));
      res.destroy();
    }
  };
  return (req, res) => {
    try {
      const work = handler(req, res);
      if (work) work.catch((e: unknown) => fail(req, res, e));
    } catch (e) {
      fail(req, res, e);
    }
  };
}
