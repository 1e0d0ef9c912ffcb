import { useEffect, useState, useSyncExternalStore } from 'react';
import { ProducerPanel } from './dev/ProducerPanel';
import { Bell } from './inbox/Bell';
import { ConnectionIndicator } from './components/ConnectionIndicator';
import { PreferencesView } from './preferences/PreferencesView';
import { userFromLocation } from './session/devAuth';
import { openSession, type Session } from './session/session';
import { SessionContext, useSession } from './session/SessionContext';
import { SignInForm } from './session/SignIn';
import { Toaster } from './toasts/Toaster';

/** No path routes (the Api serves only `/`): the view is the URL's hash. */
function useHashView(): 'inbox' | 'preferences' {
  const hash = useSyncExternalStore(
    (notify) => {
      window.addEventListener('hashchange', notify);
      return () => window.removeEventListener('hashchange', notify);
    },
    () => window.location.hash,
  );
  return hash === '#preferences' ? 'preferences' : 'inbox';
}

export function App() {
  const userId = userFromLocation(window.location.search);
  if (!userId) return <SignInForm />;
  return <SignedIn userId={userId} />;
}

function SignedIn({ userId }: { userId: string }) {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let opened: Session | null = null;
    let cancelled = false;
    openSession(userId).then(
      (value) => {
        opened = value;
        if (cancelled) void value.close();
        else setSession(value);
      },
      (reason: unknown) => !cancelled && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      cancelled = true;
      void opened?.close();
    };
  }, [userId]);

  if (error) {
    return (
      <main className="sign-in">
        <p role="alert">Signing in as {userId} failed: {error}</p>
        <a href="/">Pick another user</a>
      </main>
    );
  }
  if (!session) return <p className="signing-in">Signing in as {userId}…</p>;
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const view = useHashView();
  return (
    <>
      <header className="app-header">
        <h1 className="app-title">Notifications</h1>
        <nav aria-label="Views">
          <a href="#" aria-current={view === 'inbox' ? 'page' : undefined}>
            Inbox
          </a>
          <a href="#preferences" aria-current={view === 'preferences' ? 'page' : undefined}>
            Preferences
          </a>
        </nav>
        <ConnectionIndicator />
        <SignedInAs />
        <Bell />
      </header>
      <main className="app-main">{view === 'preferences' ? <PreferencesView /> : <InboxHome />}</main>
      <Toaster />
    </>
  );
}

function SignedInAs() {
  const { userId } = useSession();
  return (
    <p className="signed-in">
      Signed in as <strong data-testid="signed-in-user">{userId}</strong> · <a href="/">Switch user</a>
    </p>
  );
}

function InboxHome() {
  return (
    <section className="home">
      <p>Open the bell to see your notifications. New ones arrive live and are announced as toasts.</p>
      <ProducerPanel />
    </section>
  );
}
