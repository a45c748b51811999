// Regenerates docs/checks.md (the check reference) from the built-in vulnerability pack and the
// active-check registry. Run after adding a CVE or a check: node scripts/gen-check-reference.ts
import { writeFileSync } from 'node:fs';
import { checkReferenceDocument } from './check-reference-input.ts';

const path = new URL('../docs/checks.md', import.meta.url);
const doc = await checkReferenceDocument();
writeFileSync(path, doc);
console.log(`docs/checks.md: ${doc.split('\n').filter((l) => l.startsWith('| `')).length} rows`);
