// Field validation shared by the HTML forms and the JSON API. A form with a missing,
// oversized or malformed field yields an error per field and no values, so the caller
// re-renders the form (or answers 422) and writes nothing.

export type FieldSpec =
  | { kind: "text"; label: string; max: number; min?: number; required?: boolean; pattern?: RegExp; hint?: string; multiline?: boolean; trim?: boolean }
  | { kind: "int"; label: string; min: number; max: number; required?: boolean }
  | { kind: "bool"; label: string };

export type Spec = Record<string, FieldSpec>;

type ValueOf<F extends FieldSpec> = F extends { kind: "int" } ? number : F extends { kind: "bool" } ? boolean : string;
export type Values<S extends Spec> = { [K in keyof S]: ValueOf<S[K]> };

export type Validated<S extends Spec> =
  | { ok: true; values: Values<S>; raw: Record<string, string> }
  | { ok: false; errors: Partial<Record<keyof S & string, string>>; raw: Record<string, string> };

// control characters other than tab/newline/carriage return are never accepted
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const NEWLINE = /[\r\n]/;

function one(body: Record<string, unknown>, name: string): { value?: unknown; error?: string } {
  const v = body[name];
  if (Array.isArray(v)) return { error: "was sent more than once" };
  return { value: v };
}

export function validate<S extends Spec>(spec: S, body: unknown): Validated<S> {
  const src: Record<string, unknown> = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const raw: Record<string, string> = {};
  for (const [name, f] of Object.entries(spec)) {
    const { value, error } = one(src, name);
    if (error) {
      errors[name] = `${f.label} ${error}`;
      continue;
    }
    if (typeof value === "string") raw[name] = value.slice(0, 4096);
    else if (typeof value === "number" || typeof value === "boolean") raw[name] = String(value);
    if (f.kind === "bool") {
      if (value === undefined || value === null || value === false || value === "" || value === "0" || value === "false") values[name] = false;
      else if (value === true || value === "on" || value === "1" || value === "true") values[name] = true;
      else errors[name] = `${f.label} must be on or off`;
      continue;
    }
    const empty = value === undefined || value === null || (typeof value === "string" && value.trim() === "");
    if (empty) {
      if (f.required ?? true) errors[name] = `${f.label} is required`;
      else values[name] = f.kind === "int" ? 0 : "";
      continue;
    }
    if (f.kind === "int") {
      const n = typeof value === "number" ? value : typeof value === "string" && /^\s*-?\d{1,15}\s*$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isInteger(n)) errors[name] = `${f.label} must be a whole number`;
      else if (n < f.min || n > f.max) errors[name] = `${f.label} must be between ${f.min} and ${f.max}`;
      else values[name] = n;
      continue;
    }
    if (typeof value !== "string") {
      errors[name] = `${f.label} must be text`;
      continue;
    }
    const s = f.trim === false ? value : value.trim();
    if (s.length > f.max) errors[name] = `${f.label} is longer than ${f.max} characters`;
    else if (f.min !== undefined && s.length < f.min) errors[name] = `${f.label} is shorter than ${f.min} characters`;
    else if (CONTROL.test(s) || (!f.multiline && NEWLINE.test(s))) errors[name] = `${f.label} holds characters that are not allowed`;
    else if (f.pattern && !f.pattern.test(s)) errors[name] = f.hint ? `${f.label}: ${f.hint}` : `${f.label} is not valid`;
    else values[name] = s;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors: errors as Partial<Record<keyof S & string, string>>, raw };
  return { ok: true, values: values as Values<S>, raw };
}

/** Account names and passwords as the 3.3.5a client can type them (design.md §6). */
export const ACCOUNT_NAME = { kind: "text", label: "Account name", max: 16, pattern: /^[A-Za-z0-9]+$/, hint: "letters A-Z and digits only, up to 16" } as const satisfies FieldSpec;
export const PASSWORD = { kind: "text", label: "Password", max: 16, pattern: /^[\x20-\x7e]+$/, hint: "printable ASCII only, up to 16", trim: false } as const satisfies FieldSpec;
