export interface WrapUpCodeState {
  code: string;
  active: boolean;
}

/**
 * Pure: whether a resolution may use this wrap-up code and note, or the stable code saying
 * why not. A tenant that defined no codes may use any code (as before codes existed); one
 * that did must use one of its active codes. A resolution always needs a note: it is what
 * the knowledge service learns from.
 */
export function wrapUpRefusal(
  codes: readonly WrapUpCodeState[],
  code: string,
  note: string,
): { code: string; message: string } | null {
  if (note.trim().length === 0) {
    return {
      code: 'DESK.RESOLUTION_NOTE_REQUIRED',
      message: 'Say in a note how the conversation was resolved.',
    };
  }
  if (codes.length === 0) return null;
  const known = codes.find((candidate) => candidate.code === code);
  if (!known) {
    return {
      code: 'DESK.UNKNOWN_WRAP_UP_CODE',
      message: `No wrap-up code ${code}; use one of ${codes
        .filter((candidate) => candidate.active)
        .map((candidate) => candidate.code)
        .join(', ')}.`,
    };
  }
  if (!known.active) {
    return { code: 'DESK.WRAP_UP_CODE_INACTIVE', message: `The wrap-up code ${code} is retired.` };
  }
  return null;
}
