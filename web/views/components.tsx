// Small view pieces shared by the pages: form fields with their error, the CSRF field,
// error lists. Every data child is escaped (`safe`).
import type { Children } from "@kitajs/html";

export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export interface FieldProps {
  name: string;
  label: string;
  value?: string;
  error?: string;
  type?: "text" | "password" | "number" | "email";
  maxlength?: number;
  required?: boolean;
  autocomplete?: string;
  placeholder?: string;
}

export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <label for={id} safe>
        {p.label}
      </label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.type === "password" ? "" : (p.value ?? "")}
        maxlength={p.maxlength}
        required={p.required}
        autocomplete={p.autocomplete}
        placeholder={p.placeholder}
        aria-invalid={p.error ? "true" : undefined}
      />
      {p.error ? (
        <span class="error" safe>
          {p.error}
        </span>
      ) : (
        ""
      )}
    </div>
  );
}

export function TextArea(p: { name: string; label: string; value?: string; error?: string; maxlength?: number; rows?: number }) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <label for={id} safe>
        {p.label}
      </label>
      <textarea id={id} name={p.name} maxlength={p.maxlength} rows={String(p.rows ?? 4)} safe>
        {p.value ?? ""}
      </textarea>
      {p.error ? (
        <span class="error" safe>
          {p.error}
        </span>
      ) : (
        ""
      )}
    </div>
  );
}

export function Select(p: { name: string; label: string; options: { value: string; label: string }[]; value?: string; error?: string }) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <label for={id} safe>
        {p.label}
      </label>
      <select id={id} name={p.name}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} safe>
            {o.label}
          </option>
        ))}
      </select>
      {p.error ? (
        <span class="error" safe>
          {p.error}
        </span>
      ) : (
        ""
      )}
    </div>
  );
}

export function Checkbox(p: { name: string; label: string; checked?: boolean }) {
  return (
    <label class="check">
      <input type="checkbox" name={p.name} value="on" checked={p.checked} /> <span safe>{p.label}</span>
    </label>
  );
}

/** A form-level error line (not tied to one field). */
export function FormError({ message }: { message?: string }) {
  return message ? (
    <p class="form-error" role="alert" safe>
      {message}
    </p>
  ) : (
    ""
  );
}

export function Section({ title, children }: { title: string; children?: Children }) {
  return (
    <section>
      <h2 safe>{title}</h2>
      {children}
    </section>
  );
}
