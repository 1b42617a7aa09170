// OpenAPI descriptions of the JSON bodies, built from the same field specs the handlers
// validate with (validation itself runs in the handler, after authentication).
import type { Spec } from "../http/forms.ts";

export function jsonSchema(spec: Spec): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, f] of Object.entries(spec)) {
    if (f.kind === "int") properties[name] = { type: "integer", minimum: f.min, maximum: f.max, description: f.label };
    else if (f.kind === "bool") properties[name] = { type: "boolean", description: f.label };
    else properties[name] = { type: "string", maxLength: f.max, ...(f.pattern ? { pattern: f.pattern.source } : {}), description: f.label };
    if (f.kind !== "bool" && (f.required ?? true)) required.push(name);
  }
  return { type: "object", properties, required };
}

export function doc(summary: string, tag: string, o: { body?: Spec; auth?: boolean } = {}) {
  return {
    summary,
    tags: [tag],
    ...(o.auth ? { security: [{ bearer: [] }] } : {}),
    ...(o.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(o.body) } } } } : {}),
  } as Record<string, unknown>;
}
