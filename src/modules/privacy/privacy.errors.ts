/** Erasure needs the account's password; a wrong one erases nothing (shared with email change). */
export { PasswordIncorrectError } from '../auth/auth.errors';
