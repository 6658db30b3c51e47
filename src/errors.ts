// What a caught value says: anything can be thrown, and a message built from it wants the
// Error's own message, not "[object Object]" or a stack.

/** The message of a thrown value: the Error's message, else the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
