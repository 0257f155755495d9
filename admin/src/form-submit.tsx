// The account forms' submit: the form's fields to an action, the button held while it runs, and its failure shown
// in the form (the problem+json detail of a refused request, or the message of a check made before sending).
import { useState } from 'hono/jsx/dom';
import { messageOf } from './api';

/** A check the form makes itself, before any request; its message is shown as it is. */
export class FormProblem extends Error {}

export function useFormSubmit(action: (form: FormData) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      await action(form);
    } catch (e) {
      setError(e instanceof FormProblem ? e.message : messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, error };
}

/** The form's failure, announced to screen readers. */
export function FormError({ error }: { error: string }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}
