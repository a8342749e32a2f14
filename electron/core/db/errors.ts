/** SQLite failures told apart by their extended result code, never by the wording of the message. */
import Database from 'better-sqlite3';

/** A UNIQUE constraint (or unique index) refused the write. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
