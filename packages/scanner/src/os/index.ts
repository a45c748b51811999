/** OS guessing from service evidence: public API of packages/scanner/src/os. */
export { guessOs, combineCandidates } from './os-guess.ts';
export type { OsCandidate } from './os-candidate.ts';
