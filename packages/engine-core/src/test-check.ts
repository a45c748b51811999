/**
 * The stand-in check used until real vulnerability checks exist (issue 5): a finding for
 * every open port that matches a configured rule, so the console's finding lifecycle
 * (new → active → remediated → reopened) can be tested against labnet.
 */
import type { FindingResultInput, MessageOf } from '@farsight/engine-protocol';
import type { HostResult } from '@farsight/scanner';

/** The rule a scan.start may carry. */
export type TestCheckRule = NonNullable<MessageOf<'scan.start'>['testCheck']>;

/** Findings the test check reports for one host (pure). */
export function runTestCheck(host: HostResult, rule: TestCheckRule): FindingResultInput[] {
  if (host.status !== 'up') return [];
  return host.services
    .filter((s) => s.state === 'open' && s.port === rule.port && s.protocol === rule.protocol)
    .map((s) => ({
      checkId: rule.checkId,
      port: s.port,
      protocol: s.protocol,
      instance: '',
      severity: rule.severity,
      title: rule.title ?? `Test check: ${s.protocol}/${s.port} is open`,
      proof: `${s.protocol}/${s.port} open${s.product ? ` (${s.product}${s.version ? ` ${s.version}` : ''})` : ''}`,
    }));
}
