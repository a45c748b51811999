/**
 * Rules for an archive entry's path (pure). A name is accepted only when it is a plain relative
 * path that stays inside the extraction root on every platform: no `..` or `.` segment, no
 * leading `/`, no drive letter, no backslash (Windows separator, CVE-2018-1002200 "zip slip"),
 * no control characters, no empty segments.
 */

/** Why a name was refused, or undefined when it is acceptable. */
export function entryNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.length > 1024) return 'the name is longer than 1024 characters';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the name contains a control character';
  if (name.includes('\\')) return 'the name contains a backslash (a Windows path separator)';
  if (name.startsWith('/')) return 'the path is absolute';
  if (/^[A-Za-z]:/.test(name)) return 'the path starts with a drive letter';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  for (const s of segments) {
    if (s === '..') return "the path has a '..' segment that leaves the archive root";
    if (s === '.') return "the path has a '.' segment";
    if (s === '') return 'the path has an empty segment (//)';
  }
  return undefined;
}

/** Key used to detect duplicates: case-folded, so `A.json` and `a.json` collide as they would on macOS/Windows. */
export function duplicateKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\/$/, '');
}
