// Regenerates the code table of docs/errors.md from ERROR_CODES (keeps prose above the table).
import { writeFileSync } from 'node:fs';
import { ERROR_CODES } from '../packages/common/src/errors.ts';

const path = new URL('../docs/errors.md', import.meta.url);
const head = `# Error codes

Every failure Farsight reports carries a stable code (\`FarsightError.code\`). The CLI prints
\`error CODE: message\` and exits with status 2 for usage/input errors and 1 for runtime failures;
the API (later) returns the code in the error body. A code, once retired, is never reused.
This table is checked against \`packages/common/src/errors.ts\` by a test; regenerate it with
\`node scripts/gen-errors-doc.ts\` after adding a code.

| code | meaning |
|---|---|
`;
const rows = Object.entries(ERROR_CODES).map(([code, text]) => `| \`${code}\` | ${text} |`).join('\n');
writeFileSync(path, head + rows + '\n');
console.log(`docs/errors.md: ${Object.keys(ERROR_CODES).length} codes`);
