// A small typed schema for configuration: the realm's own config and each plugin's.
// A schema node knows its default, how to check a value, how to parse one from an
// environment string, and how to describe itself in an error message.

export type Issue = { path: string; code: "CFG_UNKNOWN_KEY" | "CFG_BAD_TYPE"; message: string };

export interface Node<T> {
  readonly kind: string;
  readonly doc: string;
  /** What an operator should type, for error messages. */
  readonly expected: string;
  defaultValue(): T;
  check(value: unknown, path: string, issues: Issue[]): T;
  /** Parses an environment-variable string; undefined when it cannot. */
  fromEnv(text: string): unknown;
}

export type Infer<N> = N extends Node<infer T> ? T : never;

type NumOpts = { min?: number; max?: number; doc?: string };

function fail<T>(issues: Issue[], path: string, expected: string, value: unknown, fallback: T): T {
  const shown = typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? "a list" : String(value);
  issues.push({ path, code: "CFG_BAD_TYPE", message: `${path} must be ${expected}, got ${typeof value} ${shown}` });
  return fallback;
}

/** An environment value that is JSON when it parses, else the text itself. */
function jsonOrText(t: string): unknown {
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

function range(o: NumOpts): string {
  if (o.min !== undefined && o.max !== undefined) return ` in ${o.min}..${o.max}`;
  if (o.min !== undefined) return ` >= ${o.min}`;
  if (o.max !== undefined) return ` <= ${o.max}`;
  return "";
}

function num(kind: "int" | "number", def: number, o: NumOpts = {}): Node<number> {
  const expected = `${kind === "int" ? "an integer" : "a number"}${range(o)}`;
  return {
    kind,
    doc: o.doc ?? "",
    expected,
    defaultValue: () => def,
    check(v, path, issues) {
      const ok =
        typeof v === "number" &&
        Number.isFinite(v) &&
        (kind === "number" || Number.isInteger(v)) &&
        (o.min === undefined || v >= o.min) &&
        (o.max === undefined || v <= o.max);
      return ok ? (v as number) : fail(issues, path, expected, v, def);
    },
    fromEnv(t) {
      const s = t.trim();
      if (s === "" || !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(s)) return t;
      return Number(s);
    },
  };
}

export const s = {
  int: (def: number, o?: NumOpts) => num("int", def, o),
  number: (def: number, o?: NumOpts) => num("number", def, o),

  string(def: string, o: { doc?: string; nonEmpty?: boolean } = {}): Node<string> {
    const expected = o.nonEmpty ? "a non-empty string" : "a string";
    return {
      kind: "string",
      doc: o.doc ?? "",
      expected,
      defaultValue: () => def,
      check: (v, path, issues) =>
        typeof v === "string" && (!o.nonEmpty || v.length > 0) ? v : fail(issues, path, expected, v, def),
      fromEnv: (t) => t,
    };
  },

  bool(def: boolean, o: { doc?: string } = {}): Node<boolean> {
    return {
      kind: "bool",
      doc: o.doc ?? "",
      expected: "true or false",
      defaultValue: () => def,
      check: (v, path, issues) => (typeof v === "boolean" ? v : fail(issues, path, "true or false", v, def)),
      fromEnv(t) {
        const l = t.trim().toLowerCase();
        if (["1", "true", "yes", "on"].includes(l)) return true;
        if (["0", "false", "no", "off"].includes(l)) return false;
        return t;
      },
    };
  },

  enum<const V extends string>(values: readonly V[], def: V, o: { doc?: string } = {}): Node<V> {
    const expected = `one of ${values.map((x) => JSON.stringify(x)).join(", ")}`;
    return {
      kind: "enum",
      doc: o.doc ?? "",
      expected,
      defaultValue: () => def,
      check: (v, path, issues) =>
        typeof v === "string" && (values as readonly string[]).includes(v) ? (v as V) : fail(issues, path, expected, v, def),
      fromEnv: (t) => t.trim(),
    };
  },

  list<T>(item: Node<T>, def: T[], o: { doc?: string } = {}): Node<T[]> {
    const expected = `a list of ${item.expected}`;
    return {
      kind: "list",
      doc: o.doc ?? "",
      expected,
      defaultValue: () => def.slice(),
      check(v, path, issues) {
        if (!Array.isArray(v)) return fail(issues, path, expected, v, def.slice());
        return v.map((x, i) => item.check(x, `${path}[${i}]`, issues));
      },
      fromEnv(t) {
        const s = t.trim();
        if (s.startsWith("[")) {
          try {
            return JSON.parse(s);
          } catch {
            return t;
          }
        }
        if (s === "") return [];
        return s.split(",").map((p) => item.fromEnv(p.trim()));
      },
    };
  },

  /** A map from free-form names to values of one node type (e.g. per-plugin settings). */
  record<T>(item: Node<T>, def: Record<string, T> = {}, o: { doc?: string } = {}): Node<Record<string, T>> {
    const expected = `a table of ${item.expected}`;
    return {
      kind: "record",
      doc: o.doc ?? "",
      expected,
      defaultValue: () => ({ ...def }),
      check(v, path, issues) {
        if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(issues, path, expected, v, { ...def });
        const out: Record<string, T> = {};
        for (const [k, x] of Object.entries(v)) out[k] = item.check(x, `${path}.${k}`, issues);
        return out;
      },
      fromEnv: jsonOrText,
    };
  },

  /** Any JSON value, checked later by its owner (used for plugin settings). */
  any(def: unknown = {}, o: { doc?: string } = {}): Node<unknown> {
    return {
      kind: "any",
      doc: o.doc ?? "",
      expected: "any value",
      defaultValue: () => structuredClone(def),
      check: (v) => v,
      fromEnv: jsonOrText,
    };
  },

  object<F extends Record<string, Node<unknown>>>(fields: F, o: { doc?: string } = {}): ObjectNode<F> {
    const node: ObjectNode<F> = {
      kind: "object",
      doc: o.doc ?? "",
      expected: "a table",
      fields,
      defaultValue() {
        const out: Record<string, unknown> = {};
        for (const [k, f] of Object.entries(fields)) out[k] = f.defaultValue();
        return out as { [K in keyof F]: Infer<F[K]> };
      },
      check(v, path, issues) {
        const def = node.defaultValue();
        if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(issues, path || "(root)", "a table", v, def);
        const out: Record<string, unknown> = { ...def };
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          const p = path ? `${path}.${k}` : k;
          const f = fields[k];
          if (!f) {
            const known = Object.keys(fields).join(", ");
            issues.push({ path: p, code: "CFG_UNKNOWN_KEY", message: `unknown key ${p} (known keys here: ${known})` });
            continue;
          }
          out[k] = f.check(x, p, issues);
        }
        return out as { [K in keyof F]: Infer<F[K]> };
      },
      fromEnv: (t) => t,
    };
    return node;
  },
};

export interface ObjectNode<F extends Record<string, Node<unknown>>> extends Node<{ [K in keyof F]: Infer<F[K]> }> {
  readonly fields: F;
}

/** Deep-merges `over` into `base` (plain objects merge, everything else replaces). */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (isPlain(base) && isPlain(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v;
    return out;
  }
  return over === undefined ? base : over;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** camelCase → CAMEL_CASE, for environment variable names. */
export function envSegment(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/-/g, "_").toUpperCase();
}

/**
 * Reads `PREFIX` + path segments joined by `__` from `env` into a partial object shaped
 * like the schema. Returns the unknown variable names as issues.
 */
export function envOverrides(
  root: ObjectNode<Record<string, Node<unknown>>>,
  env: Record<string, string | undefined>,
  prefix: string,
  ignore: string[] = [],
): { value: Record<string, unknown>; issues: Issue[] } {
  const value: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith(prefix) || text === undefined || ignore.some((i) => (i.endsWith("*") ? name.startsWith(i.slice(0, -1)) : name === i))) continue;
    const segs = name.slice(prefix.length).split("__");
    let node: Node<unknown> = root;
    let target = value;
    const path: string[] = [];
    let ok = true;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!;
      if (node.kind === "object") {
        const fields = (node as ObjectNode<Record<string, Node<unknown>>>).fields;
        const key = Object.keys(fields).find((k) => envSegment(k) === seg);
        if (!key) {
          ok = false;
          break;
        }
        path.push(key);
        node = fields[key]!;
        if (i < segs.length - 1) {
          target = (target[key] ??= {}) as Record<string, unknown>;
        } else {
          target[key] = node.fromEnv(text);
        }
      } else if (node.kind === "record" || node.kind === "any") {
        // free-form tables (plugin settings): entry names are lower-case with '-',
        // keys below them camelCase; the value is JSON when it parses, else text
        const key = node.kind === "record" ? seg.toLowerCase().replace(/_/g, "-") : camel(seg);
        if (i < segs.length - 1) {
          target = (target[key] ??= {}) as Record<string, unknown>;
          node = s.any();
        } else {
          target[key] = jsonOrText(text);
        }
      } else {
        ok = false;
        break;
      }
    }
    if (!ok) {
      issues.push({ path: name, code: "CFG_UNKNOWN_KEY", message: `environment variable ${name} names no configuration key` });
    }
  }
  return { value, issues };
}

function camel(seg: string): string {
  return seg.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
