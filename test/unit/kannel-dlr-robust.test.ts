import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/contract/settings.contract';
import type { DeliveryReport } from '../../src-main/sms/adapter';
import { kannelAdapter, type KannelAdapter } from '../../src-main/sms/kannel-adapter';
import { rawStatus, UNPARSABLE_TARGETS } from '../helpers/raw-socket';

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('issue 10 item 1: the Kannel delivery-report listener answers 400 to what it cannot parse and keeps listening', () => {
  let adapter: KannelAdapter;
  let endpoint: string;
  const reports: DeliveryReport[] = [];
  beforeAll(async () => {
    adapter = kannelAdapter({ ...DEFAULT_SETTINGS.kannel, deliveryReports: true }, 'pw', { onDeliveryReport: (r) => reports.push(r) });
    endpoint = (await adapter.dlrEndpoint())!;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dlr\//);
  });
  afterAll(async () => {
    await adapter.close();
  });

  for (const target of UNPARSABLE_TARGETS) {
    it(`answers 400 to GET ${target}, then still takes a report`, async () => {
      const port = Number(new URL(endpoint).port);
      expect(await rawStatus(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)).toBe(400);
      const before = reports.length;
      expect(await get(`${endpoint}?ref=R-${before}&type=1&id=x&reply=ok`)).toBe(200);
      expect(reports).toHaveLength(before + 1);
      expect(reports.at(-1)).toMatchObject({ reference: `R-${before}`, state: 'delivered' });
    });
  }
});
