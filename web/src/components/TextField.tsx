import type { InputHTMLAttributes } from 'react';

/** A labelled text input in the forms' field layout; the label names the input for assistive technology. */
export function TextField({
  id,
  label,
  ...input
}: { id: string; label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} />
    </div>
  );
}
