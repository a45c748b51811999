import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildParams, planParams } from './params.ts';
import type { ParamSpec } from './recog-xml.ts';

const p = (name: string, pos: number, value = ''): ParamSpec => ({ name, pos, value });

/** [params, captures (index 1..n), protocol, expected] */
const cases: [string, ParamSpec[], (string | undefined)[], string, Record<string, string>][] = [
  [
    'fixed values and captures',
    [p('service.vendor', 0, 'OpenBSD'), p('service.version', 1)],
    ['8.9p1'],
    '',
    { 'service.vendor': 'OpenBSD', 'service.version': '8.9p1' },
  ],
  [
    'interpolation of a capture into a CPE',
    [p('service.version', 1), p('service.cpe23', 0, 'cpe:/a:openbsd:openssh:{service.version}')],
    ['9.6p1'],
    '',
    { 'service.version': '9.6p1', 'service.cpe23': 'cpe:/a:openbsd:openssh:9.6p1' },
  ],
  [
    'a CPE whose version capture did not participate gets "-"',
    [p('service.version', 1), p('service.cpe23', 0, 'cpe:/a:f5:nginx:{service.version}')],
    [undefined],
    '',
    { 'service.cpe23': 'cpe:/a:f5:nginx:-' },
  ],
  [
    'os.cpe23 with a missing os.version gets "-" too',
    [p('os.version', 2), p('os.cpe23', 0, 'cpe:/o:canonical:ubuntu_linux:{os.version}')],
    ['x', undefined],
    '',
    { 'os.cpe23': 'cpe:/o:canonical:ubuntu_linux:-' },
  ],
  [
    'an unresolvable non-version reference drops that param only (Recog raises)',
    [p('service.product', 0, 'X'), p('service.family', 0, '{hw.product} family')],
    [],
    '',
    { 'service.product': 'X' },
  ],
  [
    'several references in one value, and references to fixed values',
    [p('debian.release', 1), p('os.version', 0, '{debian.release}.0'), p('os.cpe23', 0, 'cpe:/o:debian:debian_linux:{os.version}')],
    ['12'],
    '',
    { 'debian.release': '12', 'os.version': '12.0', 'os.cpe23': 'cpe:/o:debian:debian_linux:12.0' },
  ],
  [
    'the file protocol fills service.protocol unless a param sets it',
    [p('service.product', 0, 'X')],
    [],
    'ssh',
    { 'service.product': 'X', 'service.protocol': 'ssh' },
  ],
  [
    'a fingerprint-level service.protocol wins over the file protocol',
    [p('service.protocol', 0, 'https')],
    [],
    'http',
    { 'service.protocol': 'https' },
  ],
  [
    'a repeated name keeps its first position and its last definition (Ruby hash)',
    [p('a', 0, 'first'), p('b', 0, 'B'), p('a', 1)],
    ['captured'],
    '',
    { a: 'captured', b: 'B' },
  ],
  [
    'replacement text is inserted literally ($& and $1 are not special)',
    [p('v', 1), p('w', 0, 'x{v}y')],
    ['$&$1'],
    '',
    { v: '$&$1', w: 'x$&$1y' },
  ],
];

for (const [name, specs, captures, protocol, want] of cases) {
  test(`params: ${name}`, () => {
    const got = buildParams(planParams(specs), (n) => captures[n - 1], protocol);
    assert.deepEqual(got, want);
    assert.deepEqual(Object.keys(got), Object.keys(want), 'param order follows the document');
  });
}
