// Just enough semver for plugin `requires`: "1.2.3", "^1.2.0", "~1.2.0", ">=1.0.0",
// "<2.0.0", ">=1.0.0 <2.0.0" (space = and), "1.x", "*".

type V = [number, number, number];

export function parseVersion(v: string): V | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function cmp(a: V, b: V): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function one(version: V, range: string): boolean {
  const r = range.trim();
  if (r === "" || r === "*" || r === "x") return true;
  const x = /^(\d+)(?:\.(\d+|x|\*))?(?:\.(x|\*))?$/.exec(r);
  if (x && (x[2] === undefined || x[2] === "x" || x[2] === "*" || x[3] !== undefined)) {
    if (version[0] !== Number(x[1])) return false;
    return x[2] === undefined || x[2] === "x" || x[2] === "*" || version[1] === Number(x[2]);
  }
  const m = /^(\^|~|>=|<=|>|<|=)?\s*(.+)$/.exec(r);
  if (!m) return false;
  const want = parseVersion(m[2]!);
  if (!want) return false;
  const c = cmp(version, want);
  switch (m[1]) {
    case "^":
      if (c < 0) return false;
      if (want[0] > 0) return version[0] === want[0];
      if (want[1] > 0) return version[0] === 0 && version[1] === want[1];
      return version[0] === 0 && version[1] === 0 && version[2] === want[2];
    case "~":
      return c >= 0 && version[0] === want[0] && version[1] === want[1];
    case ">=":
      return c >= 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case "<":
      return c < 0;
    default:
      return c === 0;
  }
}

export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  return range
    .split("||")
    .some((alt) => alt.trim().split(/\s+/).filter(Boolean).every((part) => one(v, part)) || alt.trim() === "");
}
