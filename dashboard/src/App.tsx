import { useEffect, useMemo, useState } from "react";
import { completeSignIn, createUserManager, isCallback, sessionFromUser } from "./auth/oidc.js";
import { clearSession, readSession, saveSession, type Session } from "./auth/session.js";
import { Dashboard } from "./components/Dashboard.js";
import { SignIn } from "./components/SignIn.js";
import type { DashboardConfig } from "./config.js";
import { useI18n } from "./i18n/i18n.js";
import { LANGUAGES } from "./i18n/messages.js";

export function App({ config }: { config: DashboardConfig }) {
  const { t, language, setLanguage } = useI18n();
  const [session, setSession] = useState<Session | null>(() => readSession());
  const [callbackError, setCallbackError] = useState<string | null>(null);
  const userManager = useMemo(() => (config.auth.mode === "oidc" ? createUserManager(config.auth) : null), [config]);

  useEffect(() => {
    if (!userManager || !isCallback()) return;
    completeSignIn(userManager).then(
      (user) => {
        const next = sessionFromUser(user);
        saveSession(next);
        setSession(next);
        history.replaceState(null, "", import.meta.env.BASE_URL);
      },
      (cause: Error) => setCallbackError(cause.message),
    );
  }, [userManager]);

  const signIn = (next: Session) => {
    saveSession(next);
    setSession(next);
  };
  const signOut = () => {
    clearSession();
    setSession(null);
    void userManager?.removeUser();
  };

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>{t("app.title")}</h1>
          <p className="subtitle">{t("app.subtitle")}</p>
        </div>
        <div className="app-tools">
          <label>
            {t("app.language")}{" "}
            <select className="language" value={language} onChange={(event) => setLanguage(event.target.value as (typeof LANGUAGES)[number])}>
              <option value="it">Italiano</option>
              <option value="en">English</option>
            </select>
          </label>
          {session && (
            <>
              <span className="signed-in-as">{t("app.signedInAs", { name: session.displayName })}</span>
              <button type="button" className="sign-out" onClick={signOut}>{t("app.signOut")}</button>
            </>
          )}
        </div>
      </header>
      {session ? (
        <Dashboard config={config} session={session} onUnauthenticated={signOut} />
      ) : userManager && isCallback() && !callbackError ? (
        <p className="loading">{t("signIn.callback")}</p>
      ) : (
        <>
          {callbackError && <p role="alert" className="error">{t("signIn.failed", { message: callbackError })}</p>}
          <SignIn mode={config.auth.mode} userManager={userManager} onSession={signIn} />
        </>
      )}
    </div>
  );
}
