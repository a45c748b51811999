/**
 * `http-trace`: sends `TRACE /` with a random marker header; the method is enabled when the
 * server answers 200 and echoes the marker (RFC 9110 §9.3.8). TRACE changes nothing on a server.
 */
import { randomBytes } from 'node:crypto';
import type { ActiveCheck, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import { findingOf } from '../vuln-def.ts';
import { HTTP_DEFS as D } from './http-defs.ts';
import { httpFetch, isHttp, pageEvidence, type PageEvidence } from './http-fetch.ts';

/** Evidence: the marker sent and the answer. */
export interface TraceEvidence {
  marker: string;
  reply: PageEvidence;
}

/** Pure verdict: 200 and the marker echoed. */
export function evaluateTrace(e: TraceEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  if (e.reply.status !== 200 || !e.reply.body.includes(e.marker)) return [];
  const line = e.reply.body.split(/\r?\n/).find((l) => l.includes(e.marker)) ?? e.marker;
  return [findingOf(D.trace, s, 'http-trace', `TRACE / answered 200 (${e.reply.headers['content-type'] ?? 'no content type'}) echoing "${line.trim()}"`)];
}

/** The TRACE check. */
export const httpTrace: ActiveCheck<TraceEvidence> = {
  meta: { id: 'http-trace', title: 'HTTP TRACE enabled', categories: ['safe'], services: ['http', 'https'], reports: [D.trace.id] },
  appliesTo: isHttp,
  async run(ctx) {
    const marker = `farsight-${randomBytes(6).toString('hex')}`;
    return { marker, reply: pageEvidence(await httpFetch(ctx, 'TRACE', '/', [['X-Farsight-Trace', marker]])) };
  },
  evaluate: (e, s) => evaluateTrace(e, s),
};
