import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { STATUS_ECONNREFUSED, classifyStatus, errorName } from './outcome.ts';

test('connect statuses map to port states (uv codes are negative errnos)', () => {
  const e = constants.errno;
  const cases: [number, ReturnType<typeof classifyStatus>][] = [
    [0, 'open'],
    [-e.ECONNREFUSED, 'closed'],
    [-e.ETIMEDOUT, 'timeout'],
    [-e.EHOSTUNREACH, 'unreachable'],
    [-e.ENETUNREACH, 'unreachable'],
    [-e.EACCES, 'unreachable'],
    [-e.EMFILE, 'resource'],
    [-e.ENFILE, 'resource'],
    [-e.EADDRNOTAVAIL, 'resource'],
    [-e.ENOBUFS, 'resource'],
  ];
  for (const [status, want] of cases) assert.equal(classifyStatus(status), want, `${errorName(status)} (${status})`);
  assert.equal(STATUS_ECONNREFUSED, -e.ECONNREFUSED);
  assert.equal(errorName(-99_999), 'E99999');
});
