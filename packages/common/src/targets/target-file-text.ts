/** Pure parsing of target-file text: tokens separated by whitespace or commas, `#` comments, blank lines. */
import { splitTargetTokens } from './token.ts';

/** The tokens of a target file's text, in order (comments run from `#` to the end of the line). */
export function parseTargetFileText(text: string): string[] {
  const tokens: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const hash = line.indexOf('#');
    tokens.push(...splitTargetTokens(hash >= 0 ? line.slice(0, hash) : line));
  }
  return tokens;
}
