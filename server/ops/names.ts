// Account name and password rules (design.md §6 "Names"): account names are 1-16
// characters of [A-Z0-9], stored upper-case; passwords are 1-16 printable ASCII
// characters (the client upper-cases both before hashing).
import { RealmError } from "../kernel/errors.ts";

export const ACCOUNT_NAME_MAX = 16;
export const PASSWORD_MAX = 16;

/** The stored form of an account name, or a RealmError ACCOUNT_BAD_NAME saying why not. */
export function normalizeAccountName(name: string): string {
  const n = name.trim().toUpperCase();
  if (n.length === 0) throw new RealmError("ACCOUNT_BAD_NAME", "account name is empty");
  if (n.length > ACCOUNT_NAME_MAX) throw new RealmError("ACCOUNT_BAD_NAME", `account name is longer than ${ACCOUNT_NAME_MAX} characters`);
  if (!/^[A-Z0-9]+$/.test(n)) throw new RealmError("ACCOUNT_BAD_NAME", "account name may only hold letters A-Z and digits 0-9");
  return n;
}

export function checkPassword(password: string): void {
  if (password.length === 0) throw new RealmError("ACCOUNT_BAD_PASSWORD", "password is empty");
  if (password.length > PASSWORD_MAX) throw new RealmError("ACCOUNT_BAD_PASSWORD", `password is longer than ${PASSWORD_MAX} characters (the client cannot send more)`);
  if (!/^[\x20-\x7e]+$/.test(password)) throw new RealmError("ACCOUNT_BAD_PASSWORD", "password may only hold printable ASCII characters");
}
