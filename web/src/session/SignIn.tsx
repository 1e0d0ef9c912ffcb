import { useId, useState } from 'react';
import { isUserId } from './devAuth';

/** Without `?user=`: pick a user id; the page reloads as `/?user=<id>` and signs in with a dev token. */
export function SignInForm() {
  const [userId, setUserId] = useState('');
  const [touched, setTouched] = useState(false);
  const inputId = useId();
  const valid = isUserId(userId);
  return (
    <form
      className="sign-in"
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (valid) window.location.search = `?user=${encodeURIComponent(userId)}`;
      }}
    >
      <h1>Notifications inbox</h1>
      <p>Development sign-in: the service mints a token for any user id.</p>
      <label htmlFor={inputId}>User id</label>
      <input
        id={inputId}
        value={userId}
        autoFocus
        aria-invalid={touched && !valid}
        aria-describedby={`${inputId}-hint`}
        onChange={(event) => setUserId(event.target.value)}
      />
      <p id={`${inputId}-hint`} className="hint">
        1–64 letters, digits, “_” or “-”.
      </p>
      <button type="submit">Sign in</button>
    </form>
  );
}
