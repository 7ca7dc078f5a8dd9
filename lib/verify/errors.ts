/** Input that cannot be verified at all (a missing file, a bad option): a usage error, not a loss. */
export class VerifyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyInputError';
  }
}
