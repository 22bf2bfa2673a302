// What a form shows when its action fails: the error's message, never a thrown exception.

/** The message of anything thrown: an Error's message, else its string form. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs a form's action; resolves to the error text to show, or '' when it succeeded. */
export async function failureOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
    return '';
  } catch (e) {
    return errorText(e);
  }
}
