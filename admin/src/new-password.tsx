// The field every form that sets a password shares (accepting an invitation, a reset, a change on the account page),
// with the API's length rules, and a hint tied to it when the form has one.
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../workers/identity/password-rules';

interface NewPasswordProps {
  name: string;
  label: string;
  /** What the person should know, under the field (its length rule comes first). */
  hint?: string;
}

export function NewPassword({ name, label, hint }: NewPasswordProps) {
  const hintId = `${name}-hint`;
  return (
    <>
      <label>
        {label}
        <input
          name={name}
          type="password"
          autocomplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
          aria-describedby={hint ? hintId : undefined}
        />
      </label>
      {hint && (
        <p id={hintId} class="note">
          At least {PASSWORD_MIN_LENGTH} characters. {hint}
        </p>
      )}
    </>
  );
}
