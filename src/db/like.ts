/**
 * A term inside a LIKE pattern that matches itself only: % and _ are wildcards there, \ the escape.
 * Prisma's `contains` passes its value into such a pattern as it is, so it needs this too.
 */
export function likeEscaped(term: string): string {
  return term.replace(/[\\%_]/g, '\\$&');
}
